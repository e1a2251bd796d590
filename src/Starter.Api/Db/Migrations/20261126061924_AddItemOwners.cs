using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Starter.Db.Migrations
{
    /// <inheritdoc />
    public partial class AddItemOwners : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Reviewed by hand: items made before accounts existed have no owner, and no caller could
            // ever see them again, so they go; the column then needs no placeholder default.
            migrationBuilder.Sql("DELETE FROM items;");

            migrationBuilder.AddColumn<Guid>(
                name: "owner_id",
                table: "items",
                type: "uuid",
                nullable: false);

            migrationBuilder.CreateIndex(
                name: "ix_items_owner_id_id",
                table: "items",
                columns: new[] { "owner_id", "id" });

            migrationBuilder.AddForeignKey(
                name: "fk_items_users_owner_id",
                table: "items",
                column: "owner_id",
                principalTable: "users",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_items_users_owner_id",
                table: "items");

            migrationBuilder.DropIndex(
                name: "ix_items_owner_id_id",
                table: "items");

            migrationBuilder.DropColumn(
                name: "owner_id",
                table: "items");
        }
    }
}
