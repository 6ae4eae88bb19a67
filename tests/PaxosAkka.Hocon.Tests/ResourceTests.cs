namespace PaxosAkka.Hocon.Tests;

public class ResourceTests
{
    [Fact]
    public void FromResource_reads_an_embedded_reference_conf_by_short_name()
    {
        var reference = ConfigurationFactory.FromResource(typeof(ResourceTests).Assembly, "reference.conf");
        Assert.Equal(TimeSpan.FromSeconds(5), reference.GetTimeSpan("test-module.ask-timeout"));
        Assert.Contains("reference.conf", reference.Origin, StringComparison.Ordinal);
    }

    [Fact]
    public void Includes_inside_a_resource_resolve_to_sibling_resources()
    {
        var reference = ConfigurationFactory.FromResource(typeof(ResourceTests).Assembly, "reference.conf");
        Assert.Equal(3, reference.GetInt("test-module.included.value"));
    }

    [Fact]
    public void Missing_resource_error_lists_what_the_assembly_has()
    {
        var error = Assert.Throws<ConfigException>(() => ConfigurationFactory.FromResource(typeof(ResourceTests).Assembly, "nope.conf"));
        Assert.Contains("nope.conf", error.Message, StringComparison.Ordinal);
        Assert.Contains("reference.conf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Typed_settings_pattern_reads_reference_defaults_and_application_overrides()
    {
        var app = Hocon.Parse("test-module.max-batch = 64", origin: "application.conf");
        var settings = TestModuleSettings.Create(app);
        Assert.Equal(64, settings.MaxBatch);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.AskTimeout);
    }

    [Fact]
    public void Typed_settings_pattern_gives_a_helpful_error_when_the_section_is_missing()
    {
        var error = Assert.Throws<ConfigException>(() => TestModuleSettings.Create(Hocon.Parse("other = 1", origin: "application.conf"), withReference: false));
        Assert.Contains("test-module", error.Message, StringComparison.Ordinal);
        Assert.Contains("application.conf", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The pattern documented in HOCON_API.md, exercised for real.</summary>
    private sealed class TestModuleSettings
    {
        private static readonly Config Reference = ConfigurationFactory.FromResource(typeof(TestModuleSettings).Assembly, "reference.conf");

        private TestModuleSettings(Config section)
        {
            AskTimeout = section.GetTimeSpan("ask-timeout");
            MaxBatch = section.GetInt("max-batch");
        }

        public TimeSpan AskTimeout { get; }

        public int MaxBatch { get; }

        public static TestModuleSettings Create(Config config, bool withReference = true)
        {
            var section = (withReference ? config.WithFallback(Reference) : config).GetConfig("test-module");
            return section.IsEmpty
                ? throw new ConfigException($"Missing section 'test-module' in {config.Origin}; is reference.conf embedded?")
                : new TestModuleSettings(section);
        }
    }
}
