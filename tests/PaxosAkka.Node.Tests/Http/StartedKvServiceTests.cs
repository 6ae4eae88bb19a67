using System.Reflection;
using PaxosAkka.Node.Client;

namespace PaxosAkka.Node.Tests.Http;

/// <summary>The HTTP front of a real node reaches the node through StartedKvService: it must forward every member.</summary>
public sealed class StartedKvServiceTests
{
    [Fact]
    public void Started_kv_service_implements_every_member_of_the_interface_itself_defaults_included()
    {
        var type = typeof(Node.Hosting.PaxosNodeRuntime).Assembly.GetTypes().Single(t => t.Name.StartsWith("StartedKvService", StringComparison.Ordinal));
        var map = type.MakeGenericType(typeof(object)).GetInterfaceMap(typeof(IKvService));
        var notForwarded = map.TargetMethods.Where(m => m.DeclaringType == typeof(IKvService)).Select(m => m.Name).ToList();
        Assert.Empty(notForwarded);
    }
}
