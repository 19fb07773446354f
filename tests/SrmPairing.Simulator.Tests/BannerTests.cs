using System.Text.RegularExpressions;

namespace Srm.Simulator.Tests;

public sealed class BannerTests
{
    [Fact]
    public async Task The_first_two_lines_give_the_url_and_thumbprint_and_no_password_is_printed()
    {
        await using var sim = await TestSimulator.StartAsync(configure: o => o.Password = "Sup3r-Secret");
        var writer = new StringWriter();
        Banner.Write(writer, sim.Host, new SimulatorOptions { Password = "Sup3r-Secret" });
        var lines = writer.ToString().Split(Environment.NewLine);

        Assert.Equal($"SRM simulator listening on {sim.Host.BaseUrl}", lines[0]);
        Assert.Equal($"Certificate SHA-256 thumbprint: {sim.Host.CertificateSha256Thumbprint}", lines[1]);
        Assert.Equal(sim.Host.BaseUrl.ToString(), Regex.Match(lines[0], @"listening on (https://\S+)").Groups[1].Value);
        Assert.Equal(sim.Host.CertificateSha256Thumbprint, Regex.Match(lines[1], @"thumbprint: ([0-9A-F:]+)").Groups[1].Value);

        var text = writer.ToString();
        Assert.DoesNotContain("Sup3r-Secret", text);
        Assert.DoesNotContain("VMware1!", text);
        Assert.Contains("administrator@vsphere.local", text);
        Assert.Contains("vc-b.example.com guid 7d3c2b1a-0e9f-4a8b-8c7d-6e5f4a3b2c02", text);
        Assert.Contains("PSC vc-c.example.com:443", text);
        Assert.Contains("SRM srm-b.example.com", text);
        Assert.Contains(sim.Host.ControlUrl.ToString(), text);
        Assert.Equal("Press Ctrl+C to stop.", lines.Last(l => l.Length > 0));
    }

    [Fact]
    public async Task Misbehaviour_is_listed_only_when_switched_on()
    {
        await using (var quiet = await TestSimulator.StartAsync())
        {
            var writer = new StringWriter();
            Banner.Write(writer, quiet.Host, new SimulatorOptions());
            var text = writer.ToString();
            foreach (var absent in new[] { "Session lifetime", "Stalled tasks", "Rate limit", "Fault rules" })
                Assert.DoesNotContain(absent, text);
        }

        var options = SimulatorOptions.Parse(["--fault", "status=503,count=2,endpoint=GET /tasks/{taskId}", "--fault", "kind=latency,ms=500",
            "--session-lifetime-seconds", "45", "--stall-tasks", "--session-rate-limit", "3"]);
        await using var sim = await TestSimulator.StartAsync(configure: o =>
        {
            o.Faults.AddRange(options.Faults);
            o.SessionLifetime = options.SessionLifetime;
            o.StallTasks = options.StallTasks;
            o.RateLimit = options.RateLimit;
        });
        var output = new StringWriter();
        Banner.Write(output, sim.Host, options);
        var lines = output.ToString().Split(Environment.NewLine);
        Assert.Contains("Session lifetime: 45 s (then 401)", lines);
        Assert.Contains("Stalled tasks: new pairing tasks stay RUNNING and never finish", lines);
        Assert.Contains("Rate limit: 3 requests per session and 100 per client address in any 60 s (sliding window), then 429 with Retry-After", lines);
        Assert.Contains("Fault rules (in order):", lines);
        Assert.Contains("  #1 kind=status,status=503,count=2,endpoint=GET /tasks/{taskId}", lines);
        Assert.Contains("  #2 kind=latency,ms=500", lines);
        Assert.Equal("Press Ctrl+C to stop.", lines.Last(l => l.Length > 0));
    }
}
