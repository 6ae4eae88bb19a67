using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using PaxosAkka.Node.Client;
using PaxosAkka.Node.Metrics;
using PaxosAkka.Node.Store;

namespace PaxosAkka.Node.Http;

/// <summary>
/// The key-value routes. Every input is validated BEFORE the command reaches the log (a bad command in the log
/// would be replicated forever); every answer is the applied result or an honest 503 "outcome unknown".
/// </summary>
internal sealed partial class KvEndpoints
{
    private const string IdempotencyHeader = "Idempotency-Key";
    private readonly IKvService _service;
    private readonly NodeMetrics _metrics;
    private readonly PaxosApiOptions _options;
    private readonly KvForwarding _forwarding;

    public KvEndpoints(IKvService service, NodeMetrics metrics, PaxosApiOptions options)
    {
        _service = service;
        _forwarding = new KvForwarding(service);
        _metrics = metrics;
        _options = options;
    }

    /// <summary><c>PUT /kv/{key}</c>: the body bytes are the value.</summary>
    public async Task<IResult> PutAsync(HttpContext context, string key)
    {
        key = RouteKey.Exact(context, key, 2);
        if (await ForwardIfServedElsewhereAsync(context, "put").ConfigureAwait(false) is { } forwarded)
        {
            return forwarded;
        }

        if (Refuse(ValidateWrite(context, key, out string? idempotencyKey)) is { } refused)
        {
            return refused;
        }

        var value = await RequestBody.ReadBoundedAsync(context, HttpLimits.MaxValueBytes, context.RequestAborted).ConfigureAwait(false);
        if (value is null)
        {
            return Refuse(TooLarge($"value is larger than {HttpLimits.MaxValueBytes} bytes"))!;
        }

        return await ExecuteAsync(context, "put", new KvPutCommand(key, value), idempotencyKey, result => result switch
        {
            KvWritten w => Results.Json(new PutResponse(key, w.Revision), ApiJson.Put),
            KvAlreadyApplied => Results.Json(new PutResponse(key, null), ApiJson.Put),
            _ => null,
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>GET /kv/{key}</c>: a linearizable read of a <see cref="KvReadCommand"/>: by read index where this node's store
    /// applies the log (the leader confirms its ballot with a quorum, no log slot), else ordered through the log.
    /// </summary>
    public async Task<IResult> GetAsync(HttpContext context, string key)
    {
        key = RouteKey.Exact(context, key, 2);
        if (await ForwardIfServedElsewhereAsync(context, "get").ConfigureAwait(false) is { } forwarded)
        {
            return forwarded;
        }

        if (Refuse(ValidateKey(key)) is { } refused)
        {
            return refused;
        }

        // Reads carry no Idempotency-Key: they change nothing, so a retry is just another read.
        return await ExecuteAsync(context, "get", new KvReadCommand(key), null, result =>
        {
            if (result is not KvValue v)
            {
                return null;
            }

            context.Response.Headers["X-Revision"] = v.Revision.ToString(CultureInfo.InvariantCulture);
            return Results.Bytes(v.Value, "application/octet-stream");
        }).ConfigureAwait(false);
    }

    /// <summary><c>DELETE /kv/{key}</c>.</summary>
    public async Task<IResult> DeleteAsync(HttpContext context, string key)
    {
        key = RouteKey.Exact(context, key, 2);
        if (await ForwardIfServedElsewhereAsync(context, "delete").ConfigureAwait(false) is { } forwarded)
        {
            return forwarded;
        }

        if (Refuse(ValidateWrite(context, key, out string? idempotencyKey)) is { } refused)
        {
            return refused;
        }

        return await ExecuteAsync(context, "delete", new KvDeleteCommand(key), idempotencyKey, RevisionAnswer).ConfigureAwait(false);
    }

    /// <summary><c>POST /kv/{key}/cas</c> with <c>{"expected": string|null, "value": string}</c>.</summary>
    public async Task<IResult> CasAsync(HttpContext context, string key)
    {
        key = RouteKey.Exact(context, key, 2);
        if (await ForwardIfServedElsewhereAsync(context, "cas").ConfigureAwait(false) is { } forwarded)
        {
            return forwarded;
        }

        if (Refuse(ValidateWrite(context, key, out string? idempotencyKey)) is { } refused)
        {
            return refused;
        }

        var body = await RequestBody.ReadBoundedAsync(context, HttpLimits.MaxCasBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            return Refuse(TooLarge($"body is larger than {HttpLimits.MaxCasBodyBytes} bytes"))!;
        }

        var cas = CasRequest.TryParse(body, out string error);
        if (cas is null)
        {
            return Refuse(new Rejection(StatusCodes.Status400BadRequest, "malformed_body", error))!;
        }

        if (cas.Value.Length > HttpLimits.MaxValueBytes || cas.Expected?.Length > HttpLimits.MaxValueBytes)
        {
            return Refuse(TooLarge($"value is larger than {HttpLimits.MaxValueBytes} bytes"))!;
        }

        return await ExecuteAsync(context, "cas", new KvCasCommand(key, cas.Expected, cas.Value), idempotencyKey, result => result switch
        {
            KvConflict c => Results.Json(new ConflictResponse(c.Current is null ? null : Encoding.UTF8.GetString(c.Current)), ApiJson.Conflict, statusCode: StatusCodes.Status409Conflict),
            _ => RevisionAnswer(result),
        }).ConfigureAwait(false);
    }

    /// <summary>Route <c>/kv</c> (routing also matches <c>/kv/</c>): a key is required.</summary>
    public IResult EmptyKey() => Refuse(new Rejection(StatusCodes.Status400BadRequest, "empty_key", "key must not be empty: use /kv/{key}"))!;

    private static IResult? RevisionAnswer(KvResult result) => result switch
    {
        KvWritten w => Results.Json(new RevisionResponse(w.Revision), ApiJson.Revision),
        KvAlreadyApplied => Results.Json(new RevisionResponse(null), ApiJson.Revision),
        _ => null,
    };

    private static Rejection? ValidateWrite(HttpContext context, string key, out string? idempotencyKey)
    {
        var keyProblem = ValidateKey(key);
        var headerProblem = ValidateIdempotencyKey(context, out idempotencyKey);
        return keyProblem ?? headerProblem;
    }

    private static Rejection? ValidateKey(string key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return new Rejection(StatusCodes.Status400BadRequest, "empty_key", "key must not be empty");
        }

        return Encoding.UTF8.GetByteCount(key) > HttpLimits.MaxKeyBytes
            ? TooLarge($"key is longer than {HttpLimits.MaxKeyBytes} bytes (UTF-8)")
            : null;
    }

    private static Rejection? ValidateIdempotencyKey(HttpContext context, out string? idempotencyKey)
    {
        var values = context.Request.Headers[IdempotencyHeader];
        idempotencyKey = null;
        if (values.Count == 0)
        {
            return null;
        }

        if (values.Count > 1 || string.IsNullOrWhiteSpace(values[0]))
        {
            return new Rejection(StatusCodes.Status400BadRequest, "bad_idempotency_key", "Idempotency-Key must be given once and not be empty");
        }

        if (Encoding.UTF8.GetByteCount(values[0]!) > HttpLimits.MaxIdempotencyKeyBytes)
        {
            return new Rejection(StatusCodes.Status400BadRequest, "bad_idempotency_key", $"Idempotency-Key is longer than {HttpLimits.MaxIdempotencyKeyBytes} bytes");
        }

        idempotencyKey = values[0];
        return null;
    }

    /// <summary>On a node that serves no key-value requests, the answer of the node that does; else null.</summary>
    private async Task<IResult?> ForwardIfServedElsewhereAsync(HttpContext context, string kind)
    {
        if (!_forwarding.ShouldForward(context, out var peer))
        {
            return null;
        }

        using var backstop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        backstop.CancelAfter(_options.RequestTimeout);
        try
        {
            // Room for a CAS body carrying two maximal values; the serving node applies the exact limits.
            return await KvForwarding.ForwardAsync(context, peer!, (2 * HttpLimits.MaxValueBytes) + (64 * 1024), backstop.Token).ConfigureAwait(false)
                ?? Refuse(TooLarge($"body is larger than {2 * HttpLimits.MaxValueBytes} bytes"))!;
        }
        catch (HttpRequestException e)
        {
            return OutcomeUnknown(kind, $"node {peer} serves this request but could not be reached: {e.Message}");
        }
        catch (OperationCanceledException) when (backstop.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            return OutcomeUnknown(kind, $"node {peer} serves this request but gave no answer within {_options.RequestTimeout.TotalSeconds:0.###} s");
        }
    }

    private static Rejection TooLarge(string message) => new(StatusCodes.Status413PayloadTooLarge, "too_large", message);

    private IResult? Refuse(Rejection? rejection)
    {
        if (rejection is null)
        {
            return null;
        }

        _metrics.RejectedRequests.WithLabels(rejection.Reason).Inc();
        return Results.Json(new ErrorResponse(rejection.Message), ApiJson.Error, statusCode: rejection.Status);
    }

    /// <summary>
    /// Runs the command and maps the answer: <paramref name="success"/> handles the kind-specific results, the
    /// shared ones (not found, rejected) are mapped here, and anything else is a 500 that claims nothing.
    /// </summary>
    private async Task<IResult> ExecuteAsync(HttpContext context, string kind, KvCommand command, string? idempotencyKey, Func<KvResult, IResult?> success)
    {
        KvResult result;
        using var backstop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        backstop.CancelAfter(_options.RequestTimeout);
        try
        {
            result = await _service.ExecuteAsync(command, idempotencyKey, backstop.Token).ConfigureAwait(false);
        }
        catch (OutcomeUnknownException e)
        {
            return OutcomeUnknown(kind, e.Message);
        }
        catch (OperationCanceledException) when (backstop.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            return OutcomeUnknown(kind, $"no answer within {_options.RequestTimeout.TotalSeconds:0.###} s: the command may or may not take effect");
        }
#pragma warning disable CA1031 // Whatever failed, the command may already be in the log: only "unknown" is honest.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return OutcomeUnknown(kind, $"the node could not complete the command ({e.GetType().Name}: {e.Message})");
        }

        var (answer, outcome) = success(result) is { } mapped
            ? (mapped, result is KvAlreadyApplied ? "already_applied" : result is KvConflict ? "conflict" : "ok")
            : result switch
            {
                KvNotFound => (Results.Json(new ErrorResponse("key not found"), ApiJson.Error, statusCode: StatusCodes.Status404NotFound), "not_found"),
                KvRejected r => (Results.Json(new ErrorResponse($"command rejected: {r.Reason}"), ApiJson.Error, statusCode: StatusCodes.Status400BadRequest), "rejected"),
                KvIdempotencyConflict c => (IdempotencyConflict(c), "idempotency_conflict"),
                _ => (Results.Json(new ErrorResponse($"unexpected answer {result.GetType().Name} to {kind}"), ApiJson.Error, statusCode: StatusCodes.Status500InternalServerError), "error"),
            };
        _metrics.KvCommands.WithLabels(kind, outcome).Inc();
        return answer;
    }

    /// <summary>
    /// 422, never the first request's answer: the key names another request, and this one was not applied (the
    /// IETF Idempotency-Key draft and Stripe's API answer a reused key the same way).
    /// </summary>
    private static IResult IdempotencyConflict(KvIdempotencyConflict conflict) => Results.Json(
        new IdempotencyConflictResponse("idempotency_key_reused", conflict.Describe()),
        ApiJson.IdempotencyConflict,
        statusCode: StatusCodes.Status422UnprocessableEntity);

    private IResult OutcomeUnknown(string kind, string message)
    {
        _metrics.KvCommands.WithLabels(kind, "unknown").Inc();
        _metrics.OutcomeUnknown.Inc();
        return Results.Json(
            new OutcomeUnknownResponse(message, "unknown", "retry with the same Idempotency-Key"),
            ApiJson.OutcomeUnknown,
            statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private sealed record Rejection(int Status, string Reason, string Message);
}
