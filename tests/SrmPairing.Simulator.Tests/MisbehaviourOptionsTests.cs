using Srm.Simulator.Faults;

namespace Srm.Simulator.Tests;

/// <summary>The command-line options that make the simulator misbehave, and the --fault spec syntax.</summary>
public sealed class MisbehaviourOptionsTests
{
    [Fact]
    public void By_default_nothing_misbehaves()
    {
        var options = SimulatorOptions.Parse([]);
        Assert.Empty(options.Faults);
        Assert.Null(options.SessionLifetime);
        Assert.False(options.StallTasks);
        Assert.Equal(new RateLimitSettings(false, 50, 100), options.RateLimit);
        Assert.Equal(TimeSpan.FromSeconds(60), options.RateLimitWindow);
    }

    [Fact]
    public void Every_option_is_read_in_both_spellings()
    {
        var options = SimulatorOptions.Parse([
            "--fault", "status=503,count=2,endpoint=GET /tasks/{taskId}",
            "--fault=kind=drop,when=after,endpoint=POST /pairings,count=1",
            "--session-lifetime-seconds", "30",
            "--stall-tasks",
            "--session-rate-limit=3",
        ]);
        Assert.Equal(
            ["kind=status,status=503,count=2,endpoint=GET /tasks/{taskId}", "kind=drop,when=after,count=1,endpoint=POST /pairings"],
            options.Faults.Select(f => f.ToString()));
        Assert.Equal(TimeSpan.FromSeconds(30), options.SessionLifetime);
        Assert.True(options.StallTasks);
        Assert.Equal(new RateLimitSettings(true, 3, 100), options.RateLimit);

        Assert.Equal(TimeSpan.FromSeconds(7), SimulatorOptions.Parse(["--session-lifetime-seconds=7"]).SessionLifetime);
    }

    [Fact]
    public void Rate_limit_options_switch_the_limiter_on_with_the_appliance_quotas_unless_changed()
    {
        Assert.Equal(new RateLimitSettings(true, 50, 100), SimulatorOptions.Parse(["--rate-limit"]).RateLimit);
        Assert.Equal(new RateLimitSettings(true, 50, 7), SimulatorOptions.Parse(["--address-rate-limit", "7"]).RateLimit);
        Assert.Equal(new RateLimitSettings(true, 5, 6), SimulatorOptions.Parse(["--session-rate-limit", "5", "--rate-limit", "--address-rate-limit=6"]).RateLimit);
    }

    [Theory]
    [InlineData("kind=latency,ms=500", "kind=latency,ms=500")]
    [InlineData("ms=20", "kind=latency,ms=20")]
    [InlineData("status=429", "kind=status,status=429,retry_after=1")]
    [InlineData("status=429,retry_after=5", "kind=status,status=429,retry_after=5")]
    [InlineData("kind=status,status=503,retry-after=2", "kind=status,status=503,retry_after=2")]
    [InlineData("status=408,count=1", "kind=status,status=408,count=1")]
    [InlineData("drop", "kind=drop,when=before")]
    [InlineData(" drop , when = AFTER ", "kind=drop,when=after")]
    [InlineData("malformed,endpoint=get  /server/info", "kind=malformed,endpoint=GET /server/info")]
    [InlineData("html", "kind=html,status=502")]
    [InlineData("KIND=Html,status=503,count=4", "kind=html,status=503,count=4")]
    [InlineData("kind=status,status=500,endpoint=GET (unmatched)", "kind=status,status=500,endpoint=GET (unmatched)")]
    public void Fault_specs_are_read_and_shown_canonically(string spec, string canonical)
    {
        Assert.True(FaultSpecParser.TryParse(spec, out var rule, out var error), error);
        Assert.Equal(canonical, rule!.ToString());
        Assert.True(FaultSpecParser.TryParse(canonical, out var again, out _));
        Assert.Equal(rule, again);
    }

    [Theory]
    [InlineData("Option --fault needs a value", "--fault")]
    [InlineData("Option --fault 'kind=bogus': kind must be", "--fault", "kind=bogus")]
    [InlineData("kind is required", "--fault", "count=2")]
    [InlineData("unknown key 'delay'", "--fault", "kind=latency,delay=5")]
    [InlineData("count is given twice", "--fault", "drop,count=1,count=2")]
    [InlineData("kind is given twice", "--fault", "drop,kind=html")]
    [InlineData("ms has no value", "--fault", "kind=latency,ms=")]
    [InlineData("empty item", "--fault", "drop,,count=1")]
    [InlineData("count must be a whole number", "--fault", "drop,count=two")]
    [InlineData("status must be one of", "--fault", "status=404")]
    [InlineData("endpoint must be", "--fault", "drop,endpoint=/tasks")]
    [InlineData("Option --session-lifetime-seconds must be a whole number from 1", "--session-lifetime-seconds", "0")]
    [InlineData("Option --session-lifetime-seconds needs a value", "--session-lifetime-seconds")]
    [InlineData("Option --stall-tasks takes no value", "--stall-tasks=yes")]
    [InlineData("Option --rate-limit takes no value", "--rate-limit=50")]
    [InlineData("Option --session-rate-limit must be a whole number from 1", "--session-rate-limit", "0")]
    [InlineData("Option --address-rate-limit must be a whole number from 1", "--address-rate-limit", "many")]
    public void Bad_options_are_clear_errors(string expected, params string[] args)
    {
        var ex = Assert.Throws<SimulatorOptionsException>(() => SimulatorOptions.Parse(args));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Help_documents_every_new_option_and_the_spec_syntax()
    {
        foreach (var text in new[] { "--fault <spec>", "--session-lifetime-seconds", "--stall-tasks", "--rate-limit", "--session-rate-limit", "--address-rate-limit", "sliding window", "when=before|after", "retry_after", "endpoint=<METHOD /route-template>", "/simulator/faults" })
            Assert.Contains(text, SimulatorOptions.Usage);
    }
}
