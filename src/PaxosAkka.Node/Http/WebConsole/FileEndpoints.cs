using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using PaxosAkka.Node.Client;
using PaxosAkka.Node.Metrics;
using PaxosAkka.Node.Store;

namespace PaxosAkka.Node.Http.WebConsole;

/// <summary>
/// Files in the replicated store, for the console's file browser (reference system 004's web UI works with files):
/// <code>
/// PUT    /files/{key}?name=N   body = the file, Content-Type = its type → 200 {"key","revision","size","name","contentType"} | 413 | 503
/// GET    /files/{key}          → 200 the bytes, Content-Type, Content-Disposition: attachment; filename=N | 404 | 503
/// DELETE /files/{key}          → 200 {"revision"} | 404 | 503
/// </code>
/// The file's bytes are the value of <c>key</c> itself, unchanged (so <c>GET /kv/{key}</c> reads the file, and a file
/// may use the whole 1 MiB value limit). Its name and content type live beside it as JSON under
/// <see cref="MetadataPrefix"/> + key, written after the bytes and stamped with the revision of the bytes they
/// describe. The two writes are separate commands, not one transaction, so a download trusts the metadata only when
/// its revision is the revision of the bytes it read; otherwise (the bytes were written since through
/// <c>/kv</c>, or the metadata write was lost) it serves them as <c>application/octet-stream</c> named after the key.
/// </summary>
internal sealed class FileEndpoints
{
    /// <summary>Where a file's name and content type are kept: this prefix + the file's key.</summary>
    public const string MetadataPrefix = ".file-meta/";

    /// <summary>The longest file key, so that its metadata key stays within the 1 KiB key limit too.</summary>
    public const int MaxFileKeyBytes = HttpLimits.MaxKeyBytes - 11;

    /// <summary>The longest file name and content type kept, in characters.</summary>
    public const int MaxNameLength = 255;

    private const string DefaultContentType = "application/octet-stream";
    private readonly IKvService _service;
    private readonly NodeMetrics _metrics;
    private readonly PaxosApiOptions _options;
    private readonly KvForwarding _forwarding;

    public FileEndpoints(IKvService service, NodeMetrics metrics, PaxosApiOptions options)
    {
        _service = service;
        _metrics = metrics;
        _options = options;
        _forwarding = new KvForwarding(service);
    }

    public async Task<IResult> UploadAsync(HttpContext context, string key)
    {
        key = RouteKey.Exact(context, key, 2);
        if (await ForwardAsync(context).ConfigureAwait(false) is { } forwarded)
        {
            return forwarded;
        }

        if (ValidateKey(key) is { } badKey)
        {
            return badKey;
        }

        string name = context.Request.Query["name"].Count == 1 ? context.Request.Query["name"][0]! : DefaultName(key);
        if (name.Length is 0 or > MaxNameLength || name.Any(char.IsControl))
        {
            return Error(StatusCodes.Status400BadRequest, $"name must be 1..{MaxNameLength} characters without control characters");
        }

        string contentType = MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var parsed) && parsed.ToString().Length <= MaxNameLength
            ? parsed.ToString()
            : DefaultContentType;
        var bytes = await RequestBody.ReadBoundedAsync(context, HttpLimits.MaxValueBytes, context.RequestAborted).ConfigureAwait(false);
        if (bytes is null)
        {
            _metrics.RejectedRequests.WithLabels("too_large").Inc();
            return Error(StatusCodes.Status413PayloadTooLarge, string.Create(CultureInfo.InvariantCulture,
                $"file is larger than {HttpLimits.MaxValueBytes} bytes (1 MiB), the limit of one value: nothing was stored"));
        }

        var (written, failed) = await RunAsync(context, new KvPutCommand(key, bytes), "the file was not stored, or may have been").ConfigureAwait(false);
        if (failed is not null)
        {
            return failed;
        }

        if (written is not KvWritten { Revision: long revision })
        {
            return Unexpected(written!, "upload");
        }

        var metadata = new FileMetadata(name, contentType, bytes.Length, revision);
        var metadataBytes = JsonSerializer.SerializeToUtf8Bytes(metadata, ConsoleJsonContext.Default.FileMetadata);
        var (_, metadataFailed) = await RunAsync(
            context,
            new KvPutCommand(MetadataPrefix + key, metadataBytes),
            string.Create(CultureInfo.InvariantCulture, $"the file's bytes are stored at revision {revision}, but its name and content type may not be: upload it again")).ConfigureAwait(false);
        if (metadataFailed is not null)
        {
            return metadataFailed;
        }

        context.Response.Headers["X-Revision"] = revision.ToString(CultureInfo.InvariantCulture);
        return Results.Json(new FileUploaded(key, revision, bytes.Length, name, contentType), ConsoleJsonContext.Default.FileUploaded);
    }

    public async Task<IResult> DownloadAsync(HttpContext context, string key)
    {
        key = RouteKey.Exact(context, key, 2);
        if (await ForwardAsync(context).ConfigureAwait(false) is { } forwarded)
        {
            return forwarded;
        }

        if (ValidateKey(key) is { } badKey)
        {
            return badKey;
        }

        var (read, failed) = await RunAsync(context, new KvReadCommand(key), "the file could not be read").ConfigureAwait(false);
        if (failed is not null)
        {
            return failed;
        }

        if (read is KvNotFound)
        {
            return Error(StatusCodes.Status404NotFound, "no file with this key");
        }

        if (read is not KvValue file)
        {
            return Unexpected(read!, "download");
        }

        var (metadataRead, metadataFailed) = await RunAsync(context, new KvReadCommand(MetadataPrefix + key), "the file's name and content type could not be read").ConfigureAwait(false);
        if (metadataFailed is not null)
        {
            return metadataFailed;
        }

        var metadata = Describing(metadataRead, file.Revision) ?? new FileMetadata(DefaultName(key), DefaultContentType, file.Value.Length, file.Revision);
        context.Response.Headers["X-Revision"] = file.Revision.ToString(CultureInfo.InvariantCulture);
        // Stored bytes are never rendered by the browser as a page of this origin: always a download, never sniffed.
        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
        return Results.File(file.Value, metadata.ContentType, metadata.Name);
    }

    public async Task<IResult> DeleteAsync(HttpContext context, string key)
    {
        key = RouteKey.Exact(context, key, 2);
        if (await ForwardAsync(context).ConfigureAwait(false) is { } forwarded)
        {
            return forwarded;
        }

        if (ValidateKey(key) is { } badKey)
        {
            return badKey;
        }

        var (deleted, failed) = await RunAsync(context, new KvDeleteCommand(key), "the file may or may not be deleted").ConfigureAwait(false);
        if (failed is not null)
        {
            return failed;
        }

        // The metadata goes too, whether or not the bytes were there (a leftover of an earlier failed delete).
        var (_, metadataFailed) = await RunAsync(context, new KvDeleteCommand(MetadataPrefix + key), "the file is deleted, but its name and content type may remain").ConfigureAwait(false);
        if (metadataFailed is not null)
        {
            return metadataFailed;
        }

        return deleted switch
        {
            KvWritten w => Results.Json(new RevisionResponse(w.Revision), ApiJson.Revision),
            KvNotFound => Error(StatusCodes.Status404NotFound, "no file with this key"),
            _ => Unexpected(deleted!, "delete"),
        };
    }

    /// <summary>The metadata in <paramref name="read"/> if it describes the bytes at <paramref name="revision"/>; else null.</summary>
    internal static FileMetadata? Describing(KvResult? read, long revision)
    {
        if (read is not KvValue { Value: var json })
        {
            return null;
        }

        try
        {
            var metadata = JsonSerializer.Deserialize(json, ConsoleJsonContext.Default.FileMetadata);
            return metadata is { Name: { Length: > 0 }, ContentType: { Length: > 0 } } && metadata.Revision == revision ? metadata : null;
        }
        catch (JsonException)
        {
            // Someone wrote something else under the metadata key: the file is served without it.
            return null;
        }
    }

    /// <summary>The name a file gets when none is known: the key's last path segment.</summary>
    internal static string DefaultName(string key)
    {
        string last = key[(key.LastIndexOf('/') + 1)..];
        return last.Length == 0 ? "file" : last;
    }

    private static IResult? ValidateKey(string key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return Error(StatusCodes.Status400BadRequest, "key must not be empty");
        }

        return Encoding.UTF8.GetByteCount(key) > MaxFileKeyBytes
            ? Error(StatusCodes.Status413PayloadTooLarge, $"a file's key must be at most {MaxFileKeyBytes} bytes (UTF-8): its metadata key adds '{MetadataPrefix}'")
            : null;
    }

    private async Task<IResult?> ForwardAsync(HttpContext context)
    {
        if (!_forwarding.ShouldForward(context, out var peer))
        {
            return null;
        }

        using var backstop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        backstop.CancelAfter(_options.RequestTimeout * 2);
        try
        {
            return await KvForwarding.ForwardAsync(context, peer!, HttpLimits.MaxValueBytes, backstop.Token).ConfigureAwait(false)
                ?? Error(StatusCodes.Status413PayloadTooLarge, $"file is larger than {HttpLimits.MaxValueBytes} bytes (1 MiB), the limit of one value: nothing was stored");
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !context.RequestAborted.IsCancellationRequested))
        {
            return Unknown($"node {peer} serves this request but gave no answer: {e.Message}");
        }
    }

    /// <summary>Runs one command; either its result or the 503 to answer (the outcome is unknown, never a failure).</summary>
    private async Task<(KvResult? Result, IResult? Failure)> RunAsync(HttpContext context, KvCommand command, string whatFailed)
    {
        using var backstop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        backstop.CancelAfter(_options.RequestTimeout);
        try
        {
            return (await _service.ExecuteAsync(command, null, backstop.Token).ConfigureAwait(false), null);
        }
        catch (OutcomeUnknownException e)
        {
            return (null, Unknown($"{whatFailed}: {e.Message}"));
        }
        catch (OperationCanceledException) when (backstop.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            return (null, Unknown($"{whatFailed}: no answer within {_options.RequestTimeout.TotalSeconds:0.###} s"));
        }
#pragma warning disable CA1031 // Whatever failed, the command may already be in the log: only "unknown" is honest.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return (null, Unknown($"{whatFailed} ({e.GetType().Name}: {e.Message})"));
        }
    }

    private IResult Unknown(string message)
    {
        _metrics.OutcomeUnknown.Inc();
        return Results.Json(
            new OutcomeUnknownResponse(message, "unknown", "retry: an upload or delete may be repeated safely"),
            ApiJson.OutcomeUnknown,
            statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static IResult Unexpected(KvResult result, string what) =>
        result is KvRejected r
            ? Error(StatusCodes.Status400BadRequest, $"command rejected: {r.Reason}")
            : Error(StatusCodes.Status500InternalServerError, $"unexpected answer {result.GetType().Name} to {what}");

    private static IResult Error(int status, string message) => Results.Json(new ErrorResponse(message), ApiJson.Error, statusCode: status);
}

/// <summary>A file's name and content type, kept beside it; <paramref name="Revision"/> is the revision of the bytes it describes.</summary>
public sealed record FileMetadata(string Name, string ContentType, int Size, long Revision);

/// <summary><c>PUT /files/{key}</c> answer.</summary>
public sealed record FileUploaded(string Key, long Revision, int Size, string Name, string ContentType);
