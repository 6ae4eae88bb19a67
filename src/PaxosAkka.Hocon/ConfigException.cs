namespace PaxosAkka.Hocon;

/// <summary>
/// A configuration value is missing, has the wrong type or cannot be resolved. The message always names the
/// path and where the configuration came from, because "missing setting" without a location wastes an
/// operator's night.
/// </summary>
public class ConfigException : Exception
{
    /// <summary>Creates an exception with no message (required by the exception design guidelines).</summary>
    public ConfigException()
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    public ConfigException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and cause.</summary>
    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// HOCON text could not be parsed or its substitutions could not be resolved. The message starts with
/// <c>origin:line:column:</c> and says what was expected, e.g.
/// <c>app.conf:3:1: expected '}' to close the object opened at app.conf:1:5 but reached the end of the input</c>.
/// </summary>
public sealed class HoconParseException : ConfigException
{
    /// <summary>Creates an exception with no location (required by the exception design guidelines).</summary>
    public HoconParseException()
    {
    }

    /// <summary>Creates an exception with the given message and no location.</summary>
    public HoconParseException(string message)
        : base(message)
    {
        Reason = message;
    }

    /// <summary>Creates an exception with the given message, cause and no location.</summary>
    public HoconParseException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    /// <summary>Creates an exception located at <paramref name="origin"/>.</summary>
    public HoconParseException(HoconOrigin origin, string message)
        : base($"{origin}: {message}")
    {
        ArgumentNullException.ThrowIfNull(origin);
        Origin = origin;
        Reason = message;
    }

    /// <summary>What went wrong, without the location prefix.</summary>
    public string Reason { get; } = string.Empty;

    /// <summary>Where the problem is; null only for the parameterless constructors.</summary>
    public HoconOrigin? Origin { get; }

    /// <summary>The 1-based line of the problem, or 0 if unknown.</summary>
    public int Line => Origin?.Line ?? 0;

    /// <summary>The 1-based column of the problem, or 0 if unknown.</summary>
    public int Column => Origin?.Column ?? 0;
}
