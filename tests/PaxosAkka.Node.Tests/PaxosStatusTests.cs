using System.Text.Json;
using PaxosAkka.Node.Client;
using PaxosAkka.Node.Http;

namespace PaxosAkka.Node.Tests;

public class PaxosStatusTests
{
    private static readonly JsonSerializerOptions GeneratedOnly = new(JsonSerializerOptions.Default)
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        TypeInfoResolver = ApiJsonContext.Default,
    };

    [Fact]
    public void Remembered_leader_counts_only_while_the_failure_detector_holds_it_reachable()
    {
        var reachable = new Dictionary<int, bool> { [4] = true, [5] = false };
        Assert.Equal(4, PaxosKvService.KnownLeaderIfAlive(1, 4, reachable));
        Assert.Null(PaxosKvService.KnownLeaderIfAlive(1, 5, reachable));
        Assert.Null(PaxosKvService.KnownLeaderIfAlive(1, 3, reachable));
        Assert.Null(PaxosKvService.KnownLeaderIfAlive(1, 4, null));
    }

    [Fact]
    public void Node_that_is_not_leading_never_names_itself_from_memory()
    {
        Assert.Null(PaxosKvService.KnownLeaderIfAlive(2, 2, new Dictionary<int, bool> { [2] = true }));
    }

    [Fact]
    public void Every_role_state_serializes_through_the_generated_json_context_alone()
    {
        // The HTTP layer must not depend on reflection for /paxos (it answered 500 when role states were anonymous).
        var status = new PaxosStatus(3, 3, "(2.3)", 10, 9, new Dictionary<string, object>
        {
            ["acceptor"] = new AcceptorRoleState("(2.3)", 9),
            ["proposer"] = new ProposerRoleState("leading", "(2.3)", 10, 0, 0),
            ["learner"] = new LearnerRoleState(10),
            ["store"] = new StoreRoleState(9, 4, 2),
            ["election"] = new ElectionRoleState(3),
        });
        var json = JsonSerializer.Serialize(status, GeneratedOnly);
        using var doc = JsonDocument.Parse(json);
        var roles = doc.RootElement.GetProperty("roles");
        Assert.Equal("(2.3)", roles.GetProperty("acceptor").GetProperty("promised").GetString());
        Assert.Equal("leading", roles.GetProperty("proposer").GetProperty("state").GetString());
        Assert.Equal(10, roles.GetProperty("learner").GetProperty("firstUnchosenSlot").GetInt64());
        Assert.Equal(2, roles.GetProperty("store").GetProperty("keys").GetInt32());
        Assert.Equal(3, roles.GetProperty("election").GetProperty("coordinator").GetInt32());
    }
}
