using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PaxosAkka.Node.Client;
using PaxosAkka.Node.Prime;

namespace PaxosAkka.Node.Http;

/// <summary>
/// The prime use case's HTTP routes (issue 7 item 5):
/// <code>
/// POST /prime/{n}                      → 200 {"n","prime","revision","checkedBy","divisor"} | 400 | 503
/// POST /prime/{n}/partial?from=&amp;to=    → 200 {"n","from","to","divisor","revision","checkedBy"} | 400 | 503 (node to node)
/// </code>
/// A node that is not the leader hands <c>POST /prime/{n}</c> to the leader (one hop), which coordinates; if the
/// leader cannot be reached the node coordinates itself.
/// </summary>
public sealed class PrimeEndpoints
{
    /// <summary>Marks a request already handed on by another node, so it is never handed on twice.</summary>
    public const string ForwardedHeader = "X-Prime-Forwarded";

    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
    {
        Timeout = Timeout.InfiniteTimeSpan, // Every call carries its own deadline (PrimeTimeouts).
    };

    private readonly IKvService _service;
    private readonly PrimeCoordinator _coordinator;

    private PrimeEndpoints(IKvService service)
    {
        _service = service;
        _coordinator = new PrimeCoordinator(service, new HttpPrimeWorkers(Http), service.GetPaxosStatus().Self);
    }

    /// <summary>Maps the prime routes onto <paramref name="group"/>.</summary>
    public static void Map(IEndpointRouteBuilder group, IKvService service)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(service);
        var prime = new PrimeEndpoints(service);
        group.MapPost("/prime/{n}", (HttpContext context, string n) => prime.DecideAsync(context, n));
        group.MapPost("/prime/{n}/partial", (HttpContext context, string n, string? from, string? to) => prime.PartialAsync(context, n, from, to));

        // The leader's role assignment (system 000) rides on the same registration: both belong to that system.
        Assignment.AssignmentEndpoints.Map(group, service);
    }

    /// <summary>Parses n: a whole number in 1..2^63-1, digits only.</summary>
    internal static string? ParseN(string text, out long n) =>
        !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out n)
            ? $"n must be a positive whole number up to {long.MaxValue}, not '{Shorten(text)}'"
            : n < 1 ? "n must be at least 1" : null;

    private async Task<IResult> DecideAsync(HttpContext context, string text)
    {
        if (ParseN(text, out long n) is { } problem)
        {
            return Error(StatusCodes.Status400BadRequest, problem);
        }

        if (!context.Request.Headers.ContainsKey(ForwardedHeader) && await ForwardToLeaderAsync(context, n).ConfigureAwait(false) is { } relayed)
        {
            return relayed;
        }

        var timeout = PrimeTimeouts.For(n, Math.Max(1, _coordinator.LiveProposers().Count));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        deadline.CancelAfter(timeout);
        try
        {
            var decision = await _coordinator.DecideAsync(n, deadline.Token).ConfigureAwait(false);
            return Results.Json(
                new PrimeResponse(decision.N, decision.IsPrime, decision.Revision, [.. decision.CheckedBy], decision.Divisor),
                PrimeJsonContext.Default.PrimeResponse);
        }
        catch (Exception e) when (Unavailable(e, deadline.Token, context.RequestAborted) is { } reason)
        {
            return Error(StatusCodes.Status503ServiceUnavailable, string.Create(CultureInfo.InvariantCulture, $"prime check of {n} did not complete within {timeout.TotalSeconds:0} s: {reason}"));
        }
    }

    private async Task<IResult> PartialAsync(HttpContext context, string text, string? fromText, string? toText)
    {
        if (ParseN(text, out long n) is { } problem)
        {
            return Error(StatusCodes.Status400BadRequest, problem);
        }

        var full = PrimeMath.FullRange(n);
        if (!long.TryParse(fromText, NumberStyles.None, CultureInfo.InvariantCulture, out long from)
            || !long.TryParse(toText, NumberStyles.None, CultureInfo.InvariantCulture, out long to)
            || from < full.From || to > full.To || from > to)
        {
            return Error(StatusCodes.Status400BadRequest, $"from and to must be whole numbers with {full.From} <= from <= to <= {full.To} (floor(sqrt({n})))");
        }

        var timeout = PrimeTimeouts.For(n, 1);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        deadline.CancelAfter(timeout);
        try
        {
            var outcome = await _coordinator.ProposePartialAsync(n, new DivisorRange(from, to), deadline.Token).ConfigureAwait(false);
            var v = outcome.Verdict;
            return Results.Json(new PartialResponse(v.N, v.Range.From, v.Range.To, v.Divisor, outcome.Revision, v.CheckedBy), PrimeJsonContext.Default.PartialResponse);
        }
        catch (Exception e) when (Unavailable(e, deadline.Token, context.RequestAborted) is { } reason)
        {
            return Error(StatusCodes.Status503ServiceUnavailable, $"partial check of {n} on [{from}, {to}] failed: {reason}");
        }
    }

    /// <summary>
    /// Hands the request to the leader when another node leads; null when this node should coordinate (it leads,
    /// no leader is known, or the leader did not answer).
    /// </summary>
    private async Task<IResult?> ForwardToLeaderAsync(HttpContext context, long n)
    {
        var cluster = _service.GetClusterStatus();
        int self = _service.GetPaxosStatus().Self;
        var leader = cluster.Members.FirstOrDefault(m => m.Id == cluster.Leader && m.Id != self && m.Reachable);
        if (leader is null)
        {
            return null;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(string.Create(CultureInfo.InvariantCulture, $"{leader.HttpUrl.TrimEnd('/')}/prime/{n}")));
        request.Headers.Add(ForwardedHeader, self.ToString(CultureInfo.InvariantCulture));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        deadline.CancelAfter(PrimeTimeouts.For(n, 1));
        try
        {
            using var response = await Http.SendAsync(request, deadline.Token).ConfigureAwait(false);
            string body = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
            return Results.Text(body, "application/json", statusCode: (int)response.StatusCode);
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !context.RequestAborted.IsCancellationRequested))
        {
            return null;
        }
    }

    private static string? Unavailable(Exception e, CancellationToken deadline, CancellationToken aborted) => e switch
    {
        OutcomeUnknownException unknown => unknown.Message,
        OperationCanceledException when deadline.IsCancellationRequested && !aborted.IsCancellationRequested => "timed out",
        InvalidOperationException invalid => invalid.Message,
        _ => null,
    };

    private static IResult Error(int status, string message) => Results.Json(new PrimeError(message), PrimeJsonContext.Default.PrimeError, statusCode: status);

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
