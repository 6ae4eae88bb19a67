namespace PaxosAkka.Node.ProcessTests.Support;

/// <summary>
/// A test that fails today (intermittently) because of a node bug listed in the README's Known gaps. It runs only with
/// PAXOS_E2E_KNOWN_FAILING=1 so the default run stays green while the repro stays in the suite, unweakened.
/// </summary>
internal sealed class KnownFailingFactAttribute : FactAttribute
{
    public KnownFailingFactAttribute(string bug)
    {
        if (Environment.GetEnvironmentVariable("PAXOS_E2E_KNOWN_FAILING") != "1")
        {
            Skip = $"known node bug ({bug}); run with PAXOS_E2E_KNOWN_FAILING=1";
        }
    }
}
