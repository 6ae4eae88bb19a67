namespace PaxosAkka.Hocon.Tests;

/// <summary>Parses test text with a controlled (empty unless given) environment, so tests never see the machine's variables.</summary>
internal static class Hocon
{
    public static Config Parse(string text, IReadOnlyDictionary<string, string>? environment = null, string origin = "test.conf") =>
        ConfigurationFactory.ParseString(text, origin, name => environment is not null && environment.TryGetValue(name, out var v) ? v : null);

    public static HoconParseException ParseError(string text, string origin = "test.conf") =>
        Assert.Throws<HoconParseException>(() => Parse(text, origin: origin));
}
