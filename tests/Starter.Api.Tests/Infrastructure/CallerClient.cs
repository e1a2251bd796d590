using Microsoft.AspNetCore.Mvc.Testing;

namespace Starter.Tests.Infrastructure;

/// <summary>A client for the API's protected routes, with accounts or without.</summary>
public static class CallerClient
{
    /// <summary>Signed in as a new user of its own where the API has accounts; a plain client where it has none.</summary>
    public static HttpClient CreateCallerClient(this WebApplicationFactory<Program> factory) =>
#if (IncludeAuth)
        factory.CreateUserClient();
#else
        factory.CreateClient();
#endif

    /// <summary>
    /// A caller every operation is open to: signed in as a new admin where the API has accounts (the
    /// admin operations answer anyone else 403 before reading a field); a plain client where it has none.
    /// </summary>
    public static HttpClient CreateAdminCallerClient(this WebApplicationFactory<Program> factory) =>
#if (IncludeAuth)
        factory.CreateAdminClientAsync().GetAwaiter().GetResult().Client;
#else
        factory.CreateClient();
#endif
}
