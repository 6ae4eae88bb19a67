using PaxosAkka.Linearizability;

namespace PaxosAkka.Linearizability.Tests;

/// <summary>
/// Histories produced by a simulated linearizable store (every operation takes effect at one instant
/// inside its interval) must always pass; corrupting one answer must make them fail.
/// </summary>
public class GeneratedHistoryTests
{
    private const int Seeds = 300;

    [Fact]
    public void Every_history_of_a_linearizable_store_is_accepted()
    {
        for (var seed = 0; seed < Seeds; seed++)
        {
            var history = Generate(seed, unknownOutcomes: true);
            var result = KeyValueModel.Check(history);
            Assert.True(result.IsLinearizable, $"seed {seed}: {result.Explanation}");
        }
    }

    [Fact]
    public void A_read_answering_a_value_never_written_is_caught_in_every_history()
    {
        var caught = 0;
        for (var seed = 0; seed < Seeds; seed++)
        {
            var history = Generate(seed, unknownOutcomes: false).ToList();
            var index = history.FindIndex(o => o.Input is KvGet);
            if (index < 0)
            {
                continue;
            }

            history[index] = history[index] with { Output = KvOutput.Read("never-written") };
            Assert.Equal(Verdict.NotLinearizable, KeyValueModel.Check(history).Verdict);
            caught++;
        }

        Assert.True(caught > Seeds / 2, $"only {caught} histories had a read to corrupt");
    }

    [Fact]
    public void A_lost_acknowledged_write_is_caught()
    {
        // A store that acknowledges a write, then serves later reads as if it never happened.
        var caught = 0;
        for (var seed = 0; seed < Seeds; seed++)
        {
            var history = Generate(seed, unknownOutcomes: false, sequential: true).ToList();
            var lastPut = history.FindLastIndex(o => o.Input is KvPut);
            if (lastPut < 0)
            {
                continue;
            }

            var key = history[lastPut].Input.Key;
            var put = (KvPut)history[lastPut].Input;
            var laterRead = history.FindIndex(lastPut + 1, o => o.Input is KvGet g && g.Key == key);
            if (laterRead < 0 || history[laterRead].Output!.Value != put.Value)
            {
                continue;
            }

            history[laterRead] = history[laterRead] with { Output = KvOutput.Read(null) };
            var verdict = KeyValueModel.Check(history).Verdict;
            Assert.Equal(Verdict.NotLinearizable, verdict);
            caught++;
        }

        Assert.True(caught > 10, $"only {caught} histories had a read after the last write");
    }

    /// <summary>
    /// Simulates clients of a linearizable store: each operation gets a linearization point inside its
    /// interval; answers are computed by applying operations in the order of those points.
    /// </summary>
    private static List<Operation<KvInput, KvOutput>> Generate(int seed, bool unknownOutcomes, bool sequential = false)
    {
        var random = new Random(seed);
        var clients = sequential ? 1 : random.Next(2, 6);
        var planned = new List<(int Client, KvInput Input, long Call, long Point, long Return, bool Known)>();
        for (var client = 0; client < clients; client++)
        {
            long cursor = random.Next(0, 5);
            var count = random.Next(3, 10);
            for (var i = 0; i < count; i++)
            {
                var key = random.Next(2) == 0 ? "x" : "y";
                KvInput input = random.Next(5) switch
                {
                    0 or 1 => new KvPut(key, $"v{seed}-{client}-{i}"),
                    2 => new KvGet(key),
                    3 => new KvDelete(key),
                    _ => new KvCas(key, random.Next(2) == 0 ? null : $"v{seed}-{random.Next(clients)}-{random.Next(count)}", $"c{seed}-{client}-{i}"),
                };
                var call = cursor + random.Next(0, 4);
                var point = call + random.Next(0, 6);
                var ret = point + random.Next(0, 6);
                var known = !unknownOutcomes || input is KvGet || random.Next(8) != 0;
                planned.Add((client, input, call, point, ret, known));
                cursor = ret + 1;
                if (!known)
                {
                    break; // a client that timed out gives up: its operation stays open forever
                }
            }
        }

        if (sequential)
        {
            planned = planned.Select((p, i) => (p.Client, p.Input, (long)(3 * i), (long)(3 * i) + 1, (long)(3 * i) + 2, p.Known)).ToList();
        }

        var order = planned.Select((p, i) => (p, i)).OrderBy(x => x.p.Point).ThenBy(_ => random.Next()).ToList();
        var state = new Dictionary<string, string?>();
        var outputs = new KvOutput?[planned.Count];
        foreach (var (p, i) in order)
        {
            if (!p.Known && random.Next(2) == 0)
            {
                continue; // an unknown outcome that never took effect
            }

            state.TryGetValue(p.Input.Key, out var current);
            outputs[i] = p.Input switch
            {
                KvPut => KvOutput.Ok,
                KvGet => KvOutput.Read(current),
                KvDelete => new KvOutput(current is not null, null),
                KvCas cas => cas.Expected == current ? KvOutput.Ok : new KvOutput(false, current),
                _ => throw new InvalidOperationException(),
            };
            state[p.Input.Key] = KeyValueModel.Instance.StepUnknown(current, p.Input);
        }

        return planned.Select((p, i) => new Operation<KvInput, KvOutput>(
            i, p.Client, p.Input, p.Call, p.Known ? p.Return : long.MaxValue, p.Known ? outputs[i] : null, p.Known)).ToList();
    }
}
