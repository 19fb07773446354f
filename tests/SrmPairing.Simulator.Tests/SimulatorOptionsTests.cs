namespace Srm.Simulator.Tests;

public sealed class SimulatorOptionsTests
{
    [Fact]
    public void No_arguments_give_the_defaults()
    {
        var options = SimulatorOptions.Parse([]);
        Assert.Equal(0, options.Port);
        Assert.Null(options.SitesFile);
        Assert.Equal(TimeSpan.FromMilliseconds(3000), options.TaskDuration);
        Assert.Equal("administrator@vsphere.local", options.UserName);
        Assert.Equal("VMware1!", options.Password);
        Assert.False(options.ExitOnStdinClose);
        Assert.False(options.ShowHelp);
    }

    [Fact]
    public void Every_option_is_read_in_both_spellings()
    {
        var options = SimulatorOptions.Parse(["--port", "8443", "--sites", "s.json", "--task-duration-ms=250", "--user", "ops@lab", "--password=p w", "--exit-on-stdin-close"]);
        Assert.Equal(8443, options.Port);
        Assert.Equal("s.json", options.SitesFile);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.TaskDuration);
        Assert.Equal("ops@lab", options.UserName);
        Assert.Equal("p w", options.Password);
        Assert.True(options.ExitOnStdinClose);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help_is_recognised(string arg)
    {
        Assert.True(SimulatorOptions.Parse([arg]).ShowHelp);
        Assert.Contains("--task-duration-ms", SimulatorOptions.Usage);
    }

    [Theory]
    [InlineData("Unknown option '--bogus'", "--bogus")]
    [InlineData("Option --port needs a value", "--port")]
    [InlineData("Option --port must be a whole number from 0 to 65535 (got 'x')", "--port", "x")]
    [InlineData("Option --port must be a whole number from 0 to 65535 (got '65536')", "--port", "65536")]
    [InlineData("Option --port must be a whole number from 0 to 65535 (got '-1')", "--port", "-1")]
    [InlineData("Option --task-duration-ms must be a whole number", "--task-duration-ms", "fast")]
    [InlineData("Option --user must not be empty", "--user", "")]
    [InlineData("Option --sites needs a value", "--sites")]
    [InlineData("Option --exit-on-stdin-close takes no value", "--exit-on-stdin-close=yes")]
    [InlineData("Unknown option 'stray'", "stray")]
    public void Bad_options_are_clear_errors(string expected, params string[] args)
    {
        var ex = Assert.Throws<SimulatorOptionsException>(() => SimulatorOptions.Parse(args));
        Assert.Contains(expected, ex.Message);
    }
}
