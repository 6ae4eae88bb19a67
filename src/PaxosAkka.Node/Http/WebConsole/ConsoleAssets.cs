using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;

namespace PaxosAkka.Node.Http.WebConsole;

/// <summary>
/// The console's page, stylesheet and script: plain files embedded in the node assembly (Http/WebConsole/Assets,
/// logical names <c>PaxosAkka.Node.WebConsole.{file}</c>), read once and served from memory. No CDN and no build
/// step: nodes run without internet. The page loads only its own origin's files (Content-Security-Policy), and
/// every text it shows from the cluster is written with <c>textContent</c>, so keys and values cannot inject markup.
/// </summary>
internal static class ConsoleAssets
{
    private const string ResourcePrefix = "PaxosAkka.Node.WebConsole.";

    /// <summary>Only the node's own files: no inline script, no other origin (a stored value can never run as code).</summary>
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, (byte[] Content, string ContentType)> Files = Load();

    /// <summary>The file names served under <c>/console/</c>.</summary>
    public static IEnumerable<string> Names => Files.Keys;

    /// <summary><c>GET /</c> and <c>/ui</c>: the console page.</summary>
    public static IResult Page(HttpContext context) => Serve(context, "index.html");

    /// <summary><c>GET /console/{file}</c>: a stylesheet or script of the page; 404 for any other name.</summary>
    public static IResult Asset(HttpContext context, string file) => Serve(context, file);

    private static IResult Serve(HttpContext context, string name)
    {
        if (!Files.TryGetValue(name, out var file))
        {
            return Results.Json(new ErrorResponse($"no console file '{name}'"), ApiJson.Error, statusCode: StatusCodes.Status404NotFound);
        }

        // A node upgrade changes the files: the browser revalidates instead of running a stale script.
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
        context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        return Results.Bytes(file.Content, file.ContentType);
    }

    private static FrozenDictionary<string, (byte[], string)> Load()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (string resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            string name = resource[ResourcePrefix.Length..];
            files[name] = (copy.ToArray(), ContentTypeOf(name));
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}
