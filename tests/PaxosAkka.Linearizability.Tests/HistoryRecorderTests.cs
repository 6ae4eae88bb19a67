using PaxosAkka.Linearizability;

namespace PaxosAkka.Linearizability.Tests;

public class HistoryRecorderTests
{
    [Fact]
    public void Recorded_events_are_totally_ordered_and_intervals_well_formed_under_concurrency()
    {
        var recorder = new HistoryRecorder<KvInput, KvOutput>();
        Parallel.For(0, 8, client =>
        {
            for (var i = 0; i < 200; i++)
            {
                var handle = recorder.Invoke(client, new KvGet("k"));
                recorder.Complete(handle, KvOutput.Read(null));
            }
        });
        var history = recorder.Snapshot();
        Assert.Equal(1600, history.Count);
        Assert.All(history, op => Assert.True(op.Call < op.Return));
        var times = history.SelectMany(op => new[] { op.Call, op.Return }).ToList();
        Assert.Equal(times.Count, times.Distinct().Count());
        Assert.True(KeyValueModel.Check(history).IsLinearizable);
    }

    [Fact]
    public void Operation_still_in_flight_counts_as_unknown_outcome()
    {
        var recorder = new HistoryRecorder<KvInput, KvOutput>();
        recorder.Invoke(1, new KvPut("k", "a"));
        var op = Assert.Single(recorder.Snapshot());
        Assert.False(op.OutcomeKnown);
        Assert.Equal(long.MaxValue, op.Return);
    }

    [Fact]
    public void Completing_an_operation_twice_is_refused()
    {
        var recorder = new HistoryRecorder<KvInput, KvOutput>();
        var handle = recorder.Invoke(1, new KvPut("k", "a"));
        recorder.CompleteUnknown(handle);
        Assert.Throws<InvalidOperationException>(() => recorder.Complete(handle, KvOutput.Ok));
    }
}
