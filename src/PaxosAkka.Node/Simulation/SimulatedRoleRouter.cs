using PaxosAkka.Actors;
using PaxosAkka.Node.Roles;

namespace PaxosAkka.Node.Simulation;

/// <summary>
/// The <see cref="IRoleRouter"/> of one simulated node: every message the role actors (and the client service) send
/// goes through the shared <see cref="SimulatedNetwork"/>, which applies its delays, losses and partitions. It
/// replaces <see cref="RemoteRoleRouter"/> and nothing else, so the simulation runs the real role actors.
/// </summary>
public sealed class SimulatedRoleRouter : IRoleRouter
{
    private readonly int _self;
    private readonly SimulatedNetwork _network;

    /// <summary>Creates the router of node <paramref name="self"/>.</summary>
    public SimulatedRoleRouter(int self, SimulatedNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        _self = self;
        _network = network;
    }

    /// <inheritdoc />
    public void Tell(int node, string role, object message, IActorRef? sender) => _network.Send(_self, node, role, message, sender);
}
