using System.Text.Json;
using static PaxosAkka.Cluster.Tests.TestNodes;

namespace PaxosAkka.Cluster.Tests.Membership;

public class GossipDataTests
{
    private static Gossip Rich()
    {
        var cluster = TestCluster.Formed(Node(1), Node(2), Node(3), Node(4));
        var state = cluster[Node(1)].Leave(Address(2)).ReapUnreachable(n => n != Node(3)).State.Down(Address(4));
        return state.Latest with { Tombstones = state.Latest.Tombstones.SetItem(Node(9), TimeSpan.FromDays(3)) };
    }

    [Fact]
    public void Gossip_survives_a_json_round_trip()
    {
        var gossip = Rich();
        var json = JsonSerializer.Serialize(GossipData.From(gossip));
        var back = JsonSerializer.Deserialize<GossipData>(json)!.ToGossip();

        Assert.Equal(gossip.Members.Select(m => (m.UniqueAddress, m.Status, m.UpNumber, string.Join(",", m.Roles))),
            back.Members.Select(m => (m.UniqueAddress, m.Status, m.UpNumber, string.Join(",", m.Roles))));
        Assert.Equal(VectorClockOrdering.Same, gossip.Version.CompareTo(back.Version));
        Assert.Equal(gossip.Seen, back.Seen);
        Assert.Equal(gossip.Reachability.Records, back.Reachability.Records);
        Assert.Equal(gossip.Reachability.Versions.OrderBy(kv => kv.Key), back.Reachability.Versions.OrderBy(kv => kv.Key));
        Assert.Equal(gossip.Tombstones.OrderBy(kv => kv.Key), back.Tombstones.OrderBy(kv => kv.Key));
    }

    [Fact]
    public void Malformed_gossip_is_refused_with_format_exception()
    {
        var good = GossipData.From(Rich());
        GossipData[] bad =
        [
            good with { Members = null! },
            good with { Seen = [null!] },
            good with { Members = [.. good.Members, good.Members[0]] },
            good with { Members = [good.Members[0] with { UpNumber = -5 }] },
            good with { Members = [good.Members[0] with { Status = (MemberStatus)42 }] },
            good with { Version = [new ClockEntry("", 1)] },
            good with { Reachability = [good.Reachability[0] with { Observer = null! }] },
        ];
        foreach (var data in bad)
        {
            Assert.Throws<FormatException>(data.ToGossip);
        }
    }

    [Fact]
    public void Garbage_json_does_not_produce_a_gossip()
    {
        var data = JsonSerializer.Deserialize<GossipData>("""{"Members":[{"Node":null,"Status":2,"Roles":[],"UpNumber":1}],"Reachability":[],"ObserverVersions":[],"Seen":[],"Version":[],"Tombstones":[]}""")!;
        Assert.Throws<FormatException>(data.ToGossip);
    }
}
