using Xunit.Abstractions;

namespace PaxosAkka.Simulation.Tests;

/// <summary>
/// Proof that the checker bites: with deliberately broken acceptors the all-faults simulation must report an
/// Agreement violation within a bounded number of seeds. If these pass vacuously, the sweep proves nothing.
/// </summary>
public class BrokenAcceptorTests(ITestOutputHelper output)
{
    /// <summary>Seeds tried before giving up; the first failing seed is far below this (see the test output).</summary>
    private const int SeedBound = 10;

    [Theory]
    [InlineData(BrokenAcceptorMode.ForgetsStateOnRestart)]
    [InlineData(BrokenAcceptorMode.AcceptsBelowPromise)]
    public void Checker_catches_a_broken_acceptor_as_an_agreement_violation_within_a_few_seeds(BrokenAcceptorMode mode)
    {
        SimulationResult? caught = null;
        for (var seed = 1; seed <= SeedBound && caught is null; seed++)
        {
            var result = Simulator.Run(SimulationOptions.AllFaults(seed) with { BrokenAcceptor = mode });
            if (result.Violations.Any(v => v.Kind == InvariantKind.Agreement))
            {
                caught = result;
            }
        }

        Assert.True(caught is not null, $"{mode}: no Agreement violation in the first {SeedBound} seeds");
        output.WriteLine(caught.Summary);
        Assert.Contains("--broken-acceptor", caught.ReplayCommand, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(BrokenAcceptorMode.ForgetsStateOnRestart)]
    [InlineData(BrokenAcceptorMode.AcceptsBelowPromise)]
    public void Broken_acceptor_is_also_caught_in_a_three_node_cluster(BrokenAcceptorMode mode)
    {
        var caught = Enumerable.Range(1, SeedBound)
            .Select(seed => Simulator.Run(SimulationOptions.AllFaults(seed) with { Nodes = 3, BrokenAcceptor = mode }))
            .FirstOrDefault(r => r.Violations.Any(v => v.Kind == InvariantKind.Agreement));

        Assert.True(caught is not null, $"{mode}: no Agreement violation in the first {SeedBound} three-node seeds");
        output.WriteLine(caught.Summary);
    }

    [Fact]
    public void Correct_acceptors_pass_the_same_seeds()
    {
        for (var seed = 1; seed <= SeedBound; seed++)
        {
            var result = Simulator.Run(SimulationOptions.AllFaults(seed));
            Assert.True(result.Passed, result.Summary);
        }
    }
}
