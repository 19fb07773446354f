using System.Text.RegularExpressions;

namespace SrmPairing.Simulator.Tests;

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
}
