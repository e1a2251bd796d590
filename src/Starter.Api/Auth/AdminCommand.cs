using Microsoft.AspNetCore.Identity;
using Starter.Db;
using Starter.Db.Cli;
using Starter.Models;

namespace Starter.Auth;

/// <summary>
/// <c>db admin grant|revoke &lt;email&gt;</c> and <c>db admin list</c>: who holds the admin role, from
/// the published app like <c>db upgrade</c>. The first admin comes from here: no API grants it.
/// </summary>
internal static class AdminCommand
{
    public static async Task<int> RunAsync(DbArguments command, TextWriter output)
    {
        var verb = command.Operand(0);
        var email = command.Operand(1);
        if (verb is not ("grant" or "revoke" or "list") || (verb == "list") != (email is null))
        {
            throw new CommandException("Use: db admin grant <email>, db admin revoke <email>, or db admin list.");
        }

        var builder = DbCommand.CreateBuilder(command);
        await using var devServer = await builder.ProvisionIfWantedAsync();
        builder.Services.AddDatabase().AddSingleton(TimeProvider.System);
        builder.AddAuth();
        await using var app = builder.Build();
        await using var scope = app.Services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var ct = CancellationToken.None;

        if (email is null)
        {
            var admins = (await users.GetUsersInRoleAsync(Roles.Admin)).Select(u => u.Email).Order(StringComparer.Ordinal).ToList();
            await output.WriteLineAsync(admins.Count == 0 ? "No account has the admin role." : string.Join(Environment.NewLine, admins));
            return 0;
        }
        var id = (await users.FindByEmailAsync(email))?.Id
            ?? throw new CommandException($"No account has the address {email}: register it first.");
        var result = verb == "grant"
            ? await admin.GrantAsync(UserAdministration.CommandLine, id, Roles.Admin, ct)
            : await admin.RevokeAsync(UserAdministration.CommandLine, id, Roles.Admin, ct);
        if (result.Change == AdminChange.LastAdmin)
        {
            throw new CommandException($"{email} is the last admin who can sign in: grant the role to another account first.");
        }
        await output.WriteLineAsync(verb == "grant"
            ? $"{email} has the admin role; their next token (a login or a refresh) carries it."
            : $"{email} no longer has the admin role; the admin endpoints refuse them from now on.");
        return 0;
    }
}
