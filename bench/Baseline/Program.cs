using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Npgsql;
using Starter.Auth;
using Starter.Bench.Baseline;

// The floor the starter is measured against: the same routes, SQL and JSON shapes, written by hand
// over one NpgsqlDataSource, with nothing else in the pipeline but the starter's own bearer-token
// check, done the way the framework does it, so both apps pay for it.
var builder = WebApplication.CreateBuilder(args);
var connectionString = builder.Configuration["DATABASE_URL"] is { Length: > 0 } url
    ? url
    : throw new InvalidOperationException("Set DATABASE_URL to an Npgsql connection string (Host=…;Database=…).");
var dataSource = NpgsqlDataSource.Create(connectionString);
builder.Services.AddSingleton(dataSource);
builder.Services.ConfigureHttpJsonOptions(options =>
    options.SerializerOptions.TypeInfoResolverChain.Insert(0, BaselineJson.Default));

// The starter's tokens: Identity's bearer scheme, protected by Data Protection under the starter's
// application name with the key ring it keeps in PostgreSQL, read by the starter's own repository
// (never written: no key generation here).
builder.Services.AddDataProtection()
    .SetApplicationName("Starter")
    .DisableAutomaticKeyGeneration()
    .AddKeyManagementOptions(keys => keys.XmlRepository = new KeyRingRepository(dataSource));
builder.Services.AddAuthentication(IdentityConstants.BearerScheme).AddBearerToken(IdentityConstants.BearerScheme);
builder.Services.AddAuthorization();

var app = builder.Build();
app.MapGet("/", () => TypedResults.Ok(AppInfo.Current));
var v1 = app.MapGroup("/api/v1");
v1.MapGet("/health", Endpoints.GetHealth);
var items = v1.MapGroup("/items").RequireAuthorization();
items.MapGet("/{id}", Endpoints.GetItem);
items.MapGet("/", Endpoints.ListItems);
items.MapPost("/", Endpoints.CreateItem);
await app.RunAsync();
