using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Starter.Auth;
using Starter.Models;

namespace Starter.Db;

/// <summary>
/// Identity's tables under plain names (<c>users</c>, <c>roles</c>, <c>user_roles</c>, …) instead of
/// <c>asp_net_users</c>, the roles the code knows, the data-protection key ring that signs every token, and the refresh-token
/// families that make a refresh token work once, and the outbox the account mail leaves from.
/// </summary>
internal static class UserConfiguration
{
    public static void ConfigureUsers(this ModelBuilder modelBuilder)
    {
        var users = modelBuilder.Entity<User>();
        users.ToTable("users");
        users.HasIndex(u => u.NormalizedUserName).HasDatabaseName("ux_users_normalized_user_name");
        users.HasIndex(u => u.NormalizedEmail).HasDatabaseName("ix_users_normalized_email");
        modelBuilder.Entity<IdentityUserClaim<Guid>>().ToTable("user_claims");
        modelBuilder.Entity<IdentityUserLogin<Guid>>().ToTable("user_logins");
        modelBuilder.Entity<IdentityUserToken<Guid>>().ToTable("user_tokens");
        var roles = modelBuilder.Entity<IdentityRole<Guid>>();
        roles.ToTable("roles");
        roles.HasIndex(r => r.NormalizedName).HasDatabaseName("ux_roles_normalized_name");
        // The roles the code knows (Auth/Roles.cs): rows a migration writes, so every database has them.
        roles.HasData(new IdentityRole<Guid> { Id = Roles.AdminId, Name = Roles.Admin, NormalizedName = "ADMIN", ConcurrencyStamp = "admin-1" });
        modelBuilder.Entity<IdentityUserRole<Guid>>().ToTable("user_roles");
        modelBuilder.Entity<IdentityRoleClaim<Guid>>().ToTable("role_claims");
        modelBuilder.Entity<DataProtectionKey>().ToTable(KeyRingRepository.Table);
        var families = modelBuilder.Entity<RefreshTokenFamily>();
        families.ToTable("refresh_token_families");
        families.HasKey(f => f.FamilyId);
        // The clean-up deletes by expiry.
        families.HasIndex(f => f.ExpiresAt);

        var mails = modelBuilder.Entity<OutboxMail>();
        mails.ToTable("outbox_mails");
        mails.Property(m => m.ToAddress).HasMaxLength(256);
        mails.Property(m => m.Subject).HasMaxLength(200);
        mails.Property(m => m.LastError).HasMaxLength(1000);
        // The sender takes the due mails in order.
        mails.HasIndex(m => m.NextAttemptAt);
    }
}
