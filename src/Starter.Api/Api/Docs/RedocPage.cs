using System.IO.Compression;
using System.Text;
using Swashbuckle.AspNetCore.ReDoc;

namespace Starter.Api.Docs;

/// <summary>
/// ReDoc as it ships asks two outside hosts for every page view: a font stylesheet (its page) and a
/// logo (its script, in the "API docs by Redocly" credit). The app's CSP blocks both, so every view
/// logged console errors. This page has neither, and the script is served with the logo's address
/// emptied (the credit's image then hides itself): /redoc loads from the app alone.
/// </summary>
public static class RedocPage
{
    private const string LogoSource = "src:\"https://cdn.redoc.ly/redoc/logo-mini.svg\"";

    private static readonly Lazy<byte[]> Script = new(() =>
    {
        using var stream = typeof(ReDocOptions).Assembly.GetManifestResourceStream(
            "Swashbuckle.AspNetCore.ReDoc.node_modules.redoc.bundles.redoc.standalone.js")!;
        // Swashbuckle embeds it gzipped.
        using var script = new StreamReader(new GZipStream(stream, CompressionMode.Decompress));
        var text = script.ReadToEnd();
        // Fails loudly (a test loads the page) if a new ReDoc moves the logo, rather than quietly ask the CDN again.
        return text.Contains(LogoSource, StringComparison.Ordinal)
            ? Encoding.UTF8.GetBytes(text.Replace(LogoSource, "src:\"\"", StringComparison.Ordinal))
            : throw new InvalidOperationException("The ReDoc script no longer has the logo address this page removes.");
    });

    /// <summary>The page (Swashbuckle fills in the title and head content), with no outside font and no favicon request.</summary>
    public static Stream Index() => new MemoryStream(Encoding.UTF8.GetBytes("""
        <!DOCTYPE html>
        <html>
        <head>
            <title>%(DocumentTitle)</title>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <link rel="icon" href="data:,">
            <link href="index.css" rel="stylesheet" type="text/css">
            %(HeadContent)
        </head>
        <body>
            <div id="redoc-container"></div>
            <script src="redoc.standalone.js"></script>
            <script src="index.js"></script>
        </body>
        </html>
        """));

    /// <summary>Serves the ReDoc script without its outside logo; put in the /redoc branch before ReDoc itself.</summary>
    public static IApplicationBuilder UseRedocScriptWithoutOutsideLogo(this IApplicationBuilder docs, string redocPath)
    {
        var scriptPath = new PathString($"{redocPath}/redoc.standalone.js");
        return docs.Use((context, next) =>
        {
            if (context.Request.Path != scriptPath)
            {
                return next(context);
            }
            context.Response.ContentType = "text/javascript; charset=utf-8";
            context.Response.Headers.CacheControl = "public, max-age=3600";
            return context.Response.Body.WriteAsync(Script.Value).AsTask();
        });
    }
}
