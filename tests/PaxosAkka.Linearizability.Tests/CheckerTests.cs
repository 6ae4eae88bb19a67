using PaxosAkka.Linearizability;

namespace PaxosAkka.Linearizability.Tests;

public class CheckerTests
{
    [Fact]
    public void Sequential_history_that_follows_the_model_is_linearizable()
    {
        var result = new History()
            .Put(1, "k", "a", 1, 2)
            .Get(2, "k", "a", 3, 4)
            .Put(1, "k", "b", 5, 6)
            .Get(2, "k", "b", 7, 8)
            .Check();
        Assert.Equal(Verdict.Linearizable, result.Verdict);
    }

    [Fact]
    public void Read_after_a_completed_write_must_not_return_the_older_value()
    {
        // The write of b returned (t=4) before the read began (t=5): a stale read is the classic violation.
        var result = new History()
            .Put(1, "k", "a", 1, 2)
            .Put(1, "k", "b", 3, 4)
            .Get(2, "k", "a", 5, 6)
            .Check();
        Assert.Equal(Verdict.NotLinearizable, result.Verdict);
    }

    [Fact]
    public void Read_overlapping_a_write_may_return_either_value()
    {
        var before = new History().Put(1, "k", "a", 1, 2).Put(1, "k", "b", 3, 6).Get(2, "k", "a", 4, 5).Check();
        var after = new History().Put(1, "k", "a", 1, 2).Put(1, "k", "b", 3, 6).Get(2, "k", "b", 4, 5).Check();
        Assert.True(before.IsLinearizable, before.Explanation);
        Assert.True(after.IsLinearizable, after.Explanation);
    }

    [Fact]
    public void Two_readers_cannot_observe_concurrent_writes_in_opposite_orders()
    {
        // Writes of a and b overlap everything; reader 3 sees a then b, reader 4 sees b then a, and all reads
        // of one reader follow each other in real time. No single order explains both readers.
        var result = new History()
            .Put(1, "k", "a", 1, 100)
            .Put(2, "k", "b", 2, 100)
            .Get(3, "k", "a", 3, 4)
            .Get(4, "k", "b", 5, 6)
            .Get(3, "k", "b", 7, 8)
            .Get(4, "k", "a", 9, 10)
            .Check();
        Assert.Equal(Verdict.NotLinearizable, result.Verdict);
    }

    [Fact]
    public void Read_of_a_value_never_written_is_rejected()
    {
        var result = new History().Put(1, "k", "a", 1, 2).Get(2, "k", "zzz", 3, 4).Check();
        Assert.Equal(Verdict.NotLinearizable, result.Verdict);
    }

    [Fact]
    public void Write_with_unknown_outcome_may_have_taken_effect()
    {
        var result = new History().PutUnknown(1, "k", "a", 1).Get(2, "k", "a", 5, 6).Check();
        Assert.True(result.IsLinearizable, result.Explanation);
    }

    [Fact]
    public void Write_with_unknown_outcome_may_not_have_taken_effect()
    {
        var result = new History().PutUnknown(1, "k", "a", 1).Get(2, "k", null, 5, 6).Check();
        Assert.True(result.IsLinearizable, result.Explanation);
    }

    [Fact]
    public void Write_with_unknown_outcome_cannot_take_effect_before_it_was_invoked()
    {
        var result = new History().Get(2, "k", "a", 1, 2).PutUnknown(1, "k", "a", 3).Check();
        Assert.Equal(Verdict.NotLinearizable, result.Verdict);
    }

    [Fact]
    public void Unknown_write_once_seen_cannot_be_unseen_by_a_later_read()
    {
        var result = new History().PutUnknown(1, "k", "a", 1).Get(2, "k", "a", 2, 3).Get(2, "k", null, 4, 5).Check();
        Assert.Equal(Verdict.NotLinearizable, result.Verdict);
    }

    [Fact]
    public void Cas_succeeds_only_when_the_expected_value_is_current()
    {
        var ok = new History().Put(1, "k", "a", 1, 2).Cas(1, "k", "a", "b", true, null, 3, 4).Get(2, "k", "b", 5, 6).Check();
        var wrong = new History().Put(1, "k", "a", 1, 2).Cas(1, "k", "x", "b", true, null, 3, 4).Check();
        Assert.True(ok.IsLinearizable, ok.Explanation);
        Assert.Equal(Verdict.NotLinearizable, wrong.Verdict);
    }

    [Fact]
    public void Failed_cas_must_report_the_current_value()
    {
        var truthful = new History().Put(1, "k", "a", 1, 2).Cas(1, "k", "x", "b", false, "a", 3, 4).Check();
        var lying = new History().Put(1, "k", "a", 1, 2).Cas(1, "k", "x", "b", false, "q", 3, 4).Check();
        Assert.True(truthful.IsLinearizable, truthful.Explanation);
        Assert.Equal(Verdict.NotLinearizable, lying.Verdict);
    }

    [Fact]
    public void Cas_expecting_absence_creates_the_key_once()
    {
        // Two clients race to create the key; only one may win.
        var oneWinner = new History().Cas(1, "k", null, "a", true, null, 1, 5).Cas(2, "k", null, "b", false, "a", 2, 6).Check();
        var twoWinners = new History().Cas(1, "k", null, "a", true, null, 1, 5).Cas(2, "k", null, "b", true, null, 2, 6).Check();
        Assert.True(oneWinner.IsLinearizable, oneWinner.Explanation);
        Assert.Equal(Verdict.NotLinearizable, twoWinners.Verdict);
    }

    [Fact]
    public void Delete_reports_whether_the_key_existed()
    {
        var ok = new History().Put(1, "k", "a", 1, 2).Delete(1, "k", true, 3, 4).Delete(1, "k", false, 5, 6).Get(2, "k", null, 7, 8).Check();
        var wrong = new History().Delete(1, "k", true, 1, 2).Check();
        Assert.True(ok.IsLinearizable, ok.Explanation);
        Assert.Equal(Verdict.NotLinearizable, wrong.Verdict);
    }

    [Fact]
    public void Partitioned_check_names_the_offending_key()
    {
        var result = new History()
            .Put(1, "good", "a", 1, 2).Get(2, "good", "a", 3, 4)
            .Put(1, "bad", "a", 5, 6).Get(2, "bad", null, 7, 8)
            .Check();
        Assert.Equal(Verdict.NotLinearizable, result.Verdict);
        Assert.Contains("'bad'", result.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Violation_explanation_names_the_operation_that_cannot_be_placed()
    {
        var result = new History().Put(1, "k", "a", 1, 2).Get(2, "k", "zzz", 3, 4).Check();
        Assert.Contains("#1[client 2", result.Explanation, StringComparison.Ordinal);
        Assert.Contains("zzz", result.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Exhausted_search_budget_is_inconclusive_not_a_pass()
    {
        var history = new History();
        for (var i = 0; i < 12; i++)
        {
            history.Put(i, "k", $"v{i}", 1, 100);
        }

        history.Get(99, "k", "v3", 101, 102);
        var result = history.Check(maxSteps: 5);
        Assert.Equal(Verdict.Inconclusive, result.Verdict);
        Assert.False(result.IsLinearizable);
    }

    [Fact]
    public void Operation_returning_before_its_call_is_refused_as_bad_input()
    {
        var history = new History().Put(1, "k", "a", 5, 4);
        var error = Assert.Throws<ArgumentException>(() => history.Check());
        Assert.Contains("returns (4) before it is called (5)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_history_is_linearizable()
    {
        Assert.True(new History().Check().IsLinearizable);
    }
}
