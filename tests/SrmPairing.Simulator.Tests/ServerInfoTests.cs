using System.Security.Cryptography.X509Certificates;
using System.Net;

namespace Srm.Simulator.Tests;

public sealed class ServerInfoTests
{
    [Fact]
    public async Task Server_info_describes_the_local_srm()
    {
        await using var sim = await TestSimulator.StartAsync();
        var session = await sim.LoginAsync();
        var info = await sim.GetJsonAsync("/server/info", session);

        Assert.Equal("4b6e2f0a-9c3d-4e1f-a2b5-c6d7e8f90a01", (string)info["id"]!);
        Assert.Equal("https://srm-a.example.com:443", (string)info["url"]!);
        Assert.Equal("srm-a.example.com", (string)info["name"]!);
        Assert.Equal("OK", (string)info["server_status"]!);
        Assert.Equal("9.0.2", (string)info["version"]!);
        Assert.Equal("2f9a5a4e-6c1b-4f4a-9d0e-5b8a3c1d7e01", (string)info["vc_guid"]!);
        Assert.Equal("vc-a.example.com", (string)info["vc_name"]!);
        Assert.Equal("com.vmware.vcDr", (string)info["extension_key"]!);
        Assert.Empty(info["_meta"]!["errors"]!);
        Assert.Null(info["certificates"]);
    }

    [Fact]
    public async Task Unknown_paths_and_methods_under_the_base_are_404_with_an_empty_body()
    {
        await using var sim = await TestSimulator.StartAsync();
        var session = await sim.LoginAsync();
        foreach (var (method, path) in new[] { ("GET", "/nothing"), ("GET", "/pairings/x/vcenters"), ("PUT", "/pairings"), ("DELETE", "/tasks/1"), ("GET", "") })
        {
            var (status, body) = await sim.CallAsync(new HttpMethod(method), path, session);
            Assert.True(status == HttpStatusCode.NotFound, $"{method} {path}: {(int)status}");
            Assert.Equal("", body);
        }
    }

    [Fact]
    public async Task The_certificate_is_self_signed_for_the_local_srm_name_and_loopback()
    {
        await using var sim = await TestSimulator.StartAsync();
        var cert = sim.Host.Certificate;
        Assert.Equal("CN=srm-a.example.com", cert.Subject);
        Assert.Equal(cert.Subject, cert.Issuer);
        Assert.True(cert.HasPrivateKey);
        Assert.Equal(2048, cert.GetRSAPublicKey()!.KeySize);
        var san = cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains("srm-a.example.com", san.EnumerateDnsNames());
        Assert.Contains("localhost", san.EnumerateDnsNames());
        Assert.Contains(IPAddress.Loopback, san.EnumerateIPAddresses());
        Assert.InRange(cert.NotBefore.ToUniversalTime(), DateTime.UtcNow.AddDays(-1.1), DateTime.UtcNow.AddDays(-0.9));
        Assert.Matches("^([0-9A-F]{2}:){31}[0-9A-F]{2}$", sim.Host.CertificateSha256Thumbprint);
        Assert.Matches("^([0-9A-F]{2}:){19}[0-9A-F]{2}$", sim.Host.CertificateSha1Thumbprint);
        Assert.Equal("127.0.0.1", sim.Host.BaseUrl.Host);
        Assert.Equal("/api/rest/srm/v2", sim.Host.BaseUrl.AbsolutePath);
        Assert.NotEqual(0, sim.Host.BaseUrl.Port);
    }
}
