using System.Text.Json;
using System.Text.Json.Serialization;
using Starter.Schemas;

namespace Starter.Api;

/// <summary>
/// Source-generated JSON metadata for every schema the API reads or writes: no reflection at run
/// time. A new schema gets a line here (an unlisted type still works, through reflection).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AppInfoRead))]
[JsonSerializable(typeof(HealthRead))]
[JsonSerializable(typeof(LivenessRead))]
//#if (IncludeSample)
[JsonSerializable(typeof(ItemCreate))]
[JsonSerializable(typeof(ItemUpdate))]
[JsonSerializable(typeof(ItemRead))]
[JsonSerializable(typeof(ItemPage))]
//#endif
//#if (IncludeAuth)
[JsonSerializable(typeof(AdminUserRead))]
[JsonSerializable(typeof(AdminUserPage))]
//#endif
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
public sealed partial class AppJsonContext : JsonSerializerContext;
