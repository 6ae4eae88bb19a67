using PaxosAkka.Cluster.FailureDetection;
using static PaxosAkka.Cluster.Tests.TestNodes;

namespace PaxosAkka.Cluster.Tests.FailureDetection;

public class FailureDetectorRegistryTests
{
    private static FailureDetectorRegistry<UniqueAddress> Registry() => new(new PhiAccrualFailureDetectorSettings());

    [Fact]
    public void Unknown_member_is_available_and_not_monitored()
    {
        var registry = Registry();
        Assert.True(registry.IsAvailable(Node(1), TimeSpan.FromDays(1)));
        Assert.False(registry.IsMonitoring(Node(1)));
        Assert.Equal(0.0, registry.Phi(Node(1), TimeSpan.FromDays(1)));
    }

    [Fact]
    public void Each_member_has_its_own_detector()
    {
        var registry = Registry();
        for (var i = 0; i < 10; i++)
        {
            registry = registry.Heartbeat(Node(1), Ms(1000 * i)).Heartbeat(Node(2), Ms(1000 * i));
        }

        for (var i = 10; i < 20; i++)
        {
            registry = registry.Heartbeat(Node(2), Ms(1000 * i));
        }

        var now = Ms(19_000);
        Assert.False(registry.IsAvailable(Node(1), now));
        Assert.True(registry.IsAvailable(Node(2), now));
    }

    [Fact]
    public void New_incarnation_gets_a_fresh_detector()
    {
        var registry = Registry().Heartbeat(Node(1, uid: 1), TimeSpan.Zero).Heartbeat(Node(1, uid: 1), Ms(1000));
        Assert.True(registry.IsMonitoring(Node(1, uid: 1)));
        Assert.False(registry.IsMonitoring(Node(1, uid: 2)));
        Assert.True(registry.IsAvailable(Node(1, uid: 2), TimeSpan.FromMinutes(10)));
    }

    [Fact]
    public void Removed_member_is_forgotten_and_reset_forgets_all()
    {
        var registry = Registry().Heartbeat(Node(1), TimeSpan.Zero).Heartbeat(Node(2), TimeSpan.Zero);
        var removed = registry.Remove(Node(1));
        Assert.False(removed.IsMonitoring(Node(1)));
        Assert.True(removed.IsMonitoring(Node(2)));
        Assert.True(removed.IsAvailable(Node(1), TimeSpan.FromHours(1)));
        Assert.Empty(registry.Reset().Resources);
        Assert.Equal(2, registry.Resources.Count());
    }
}
