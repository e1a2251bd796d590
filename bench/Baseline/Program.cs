using Npgsql;
using Starter.Bench.Baseline;

// The floor the starter is measured against: the same routes, SQL and JSON shapes, written by hand
// over one NpgsqlDataSource, with nothing else in the pipeline.
var builder = WebApplication.CreateBuilder(args);
var connectionString = builder.Configuration["DATABASE_URL"] is { Length: > 0 } url
    ? url
    : throw new InvalidOperationException("Set DATABASE_URL to an Npgsql connection string (Host=…;Database=…).");
builder.Services.AddSingleton(NpgsqlDataSource.Create(connectionString));
builder.Services.ConfigureHttpJsonOptions(options =>
    options.SerializerOptions.TypeInfoResolverChain.Insert(0, BaselineJson.Default));

var app = builder.Build();
app.MapGet("/", () => TypedResults.Ok(AppInfo.Current));
var v1 = app.MapGroup("/api/v1");
v1.MapGet("/health", Endpoints.GetHealth);
v1.MapGet("/items/{id}", Endpoints.GetItem);
v1.MapGet("/items", Endpoints.ListItems);
v1.MapPost("/items", Endpoints.CreateItem);
await app.RunAsync();
