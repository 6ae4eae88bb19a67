using Akka.Actor;
using PaxosAkka.Node.Assignment;

namespace PaxosAkka.Node.Tests.Assignment;

public sealed class BallotReservationTests
{
    [Fact]
    public void Reservation_extends_once_the_round_in_use_is_within_half_a_window()
    {
        var reservation = new BallotReservation(1000, 1000);
        Assert.False(reservation.NeedsExtension(500));
        Assert.True(reservation.NeedsExtension(501));
        Assert.Equal(2001, reservation.ExtendedFor(1001).ReservedRound);
        Assert.Equal(2000, reservation.ExtendedFor(3).ReservedRound);
    }

    [Fact]
    public void Reservation_file_round_trips_and_a_missing_file_is_round_zero()
    {
        string folder = Path.Combine(Path.GetTempPath(), "ballot-" + Guid.NewGuid().ToString("N"));
        string path = Path.Combine(folder, ProposerBallotKeeper.FileName);
        try
        {
            Assert.Equal(0, BallotReservationFile.Load(path));
            BallotReservationFile.Save(path, 4242);
            BallotReservationFile.Save(path, 5000);
            Assert.Equal(5000, BallotReservationFile.Load(path));
            Assert.False(File.Exists(path + ".tmp"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_corrupt_reservation_file_is_an_error_never_round_zero()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "garbage");
            Assert.Throws<InvalidDataException>(() => BallotReservationFile.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}

public sealed class ProposerBallotKeeperTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public void Keeper_answers_the_reserved_round_then_reserves_further_and_a_restart_starts_above_everything_reserved()
    {
        string folder = Path.Combine(Path.GetTempPath(), "keeper-" + Guid.NewGuid().ToString("N"));
        try
        {
            var board = new Roles.NodeStatusBoard();
            var keeper = Sys.ActorOf(ProposerBallotKeeper.Props(7, folder, board));
            keeper.Tell(Roles.AcceptorProtocol.GetDurableBallot.Instance, TestActor);
            var recovered = ExpectMsg<Roles.AcceptorProtocol.DurableBallot>(Wait);
            Assert.Equal(new Consensus.Ballot(0, 7), recovered.Highest);
            var floor = ExpectMsg<Roles.AcceptorProtocol.DurableBallot>(Wait);
            Assert.True(floor.Highest > recovered.Highest);
            Assert.Equal(floor.Highest.Round, BallotReservationFile.Load(Path.Combine(folder, ProposerBallotKeeper.FileName)));

            // The proposer met a rival far ahead: the keeper reserves past the round it now uses.
            board.Proposer = new Roles.ProposerView(false, true, new Consensus.Ballot(floor.Highest.Round + 5000, 7), 0, null, 0, 0);
            var extended = ExpectMsg<Roles.AcceptorProtocol.DurableBallot>(Wait);
            Assert.True(extended.Highest.Round > floor.Highest.Round + 5000);

            // A fresh keeper over the same folder (the process restarted) answers at least every reserved round.
            // Each keeper is stopped and awaited before the next step: a keeper still extending its window would
            // race the fresh one for the file, or the folder's deletion below.
            StopAndAwait(keeper);
            var again = Sys.ActorOf(ProposerBallotKeeper.Props(7, folder, new Roles.NodeStatusBoard()));
            again.Tell(Roles.AcceptorProtocol.GetDurableBallot.Instance, TestActor);
            Assert.Equal(extended.Highest, ExpectMsg<Roles.AcceptorProtocol.DurableBallot>(Wait).Highest);
            StopAndAwait(again);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private void StopAndAwait(IActorRef actor)
    {
        var watcher = CreateTestProbe();
        watcher.Watch(actor);
        Sys.Stop(actor);
        watcher.ExpectTerminated(actor, Wait);
    }
}
