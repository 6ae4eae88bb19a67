using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using PaxosAkka.Node.Client;

namespace PaxosAkka.Node.Prime;

/// <summary>
/// <see cref="IPrimeWorkers"/> over the nodes' HTTP APIs: <c>POST {worker}/prime/{n}/partial?from=a&amp;to=b</c>.
/// The worker computes, proposes its partial verdict through the log and answers once it is chosen.
/// </summary>
public sealed class HttpPrimeWorkers(HttpClient http) : IPrimeWorkers
{
    /// <inheritdoc />
    public async Task<PartialOutcome> ComputeAsync(MemberStatus worker, long n, DivisorRange range, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(worker);
        var inv = CultureInfo.InvariantCulture;
        var uri = new Uri(string.Create(inv, $"{worker.HttpUrl.TrimEnd('/')}/prime/{n}/partial?from={range.From}&to={range.To}"));
        using var response = await http.PostAsync(uri, content: null, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new PrimeWorkerException($"node {worker.Id} answered {(int)response.StatusCode}: {body}");
        }

        PartialResponse? partial;
        try
        {
            partial = await response.Content.ReadFromJsonAsync(PrimeJsonContext.Default.PartialResponse, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new PrimeWorkerException($"node {worker.Id} answered malformed JSON", e);
        }

        return partial is null
            ? throw new PrimeWorkerException($"node {worker.Id} answered an empty body")
            : new PartialOutcome(new PartialVerdict(partial.N, new DivisorRange(partial.From, partial.To), partial.Divisor, partial.CheckedBy), partial.Revision);
    }
}
