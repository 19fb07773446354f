using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Srm.Simulator.Tests;

/// <summary>The console app, run as a child process the way scripts run it.</summary>
public sealed class ProgramTests
{
    private static string SimulatorDll()
    {
        var local = Path.Combine(AppContext.BaseDirectory, "SrmPairing.Simulator.dll");
        if (File.Exists(Path.Combine(AppContext.BaseDirectory, "SrmPairing.Simulator.runtimeconfig.json")))
            return local;
        throw new InvalidOperationException("SrmPairing.Simulator.runtimeconfig.json was not copied next to the tests.");
    }

    private static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(SimulatorDll());
        foreach (var a in args)
            info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }

    private static async Task<int> WaitForExitAsync(Process process, int timeoutMs = 15000)
    {
        using var cts = new CancellationTokenSource(timeoutMs);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The simulator did not exit.");
        }
        return process.ExitCode;
    }

    [Fact]
    public async Task It_prints_the_banner_serves_and_stops_when_stdin_closes()
    {
        using var process = Start("--port", "0", "--exit-on-stdin-close", "--password", "Child-Secret", "--task-duration-ms", "100");
        try
        {
            var first = await process.StandardOutput.ReadLineAsync();
            var second = await process.StandardOutput.ReadLineAsync();
            var url = Regex.Match(first ?? "", @"listening on (https://\S+)").Groups[1].Value;
            var thumbprint = Regex.Match(second ?? "", @"thumbprint: ([0-9A-F:]+)").Groups[1].Value;
            Assert.StartsWith("https://127.0.0.1:", url);
            Assert.EndsWith("/api/rest/srm/v2", url);
            Assert.Equal(95, thumbprint.Length);

            using var handler = new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, cert, _, _) =>
                    cert != null && SimulatorThumbprint.Format(cert.GetCertHash(HashAlgorithmName.SHA256)) == thumbprint,
            };
            using var client = new HttpClient(handler);
            using var request = new HttpRequestMessage(HttpMethod.Post, url + "/session");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", TestSimulator.Basic("administrator@vsphere.local", "Child-Secret"));
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

            process.StandardInput.Close();
            Assert.Equal(0, await WaitForExitAsync(process));
            var rest = await process.StandardOutput.ReadToEndAsync();
            Assert.Contains("Press Ctrl+C to stop.", rest);
            Assert.DoesNotContain("Child-Secret", first + second + rest);
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
    }

    [Theory]
    [InlineData("--port", "abc")]
    [InlineData("--nonsense")]
    [InlineData("--sites", "/definitely/not/here.json")]
    [InlineData("--fault", "kind=bogus")]
    [InlineData("--fault", "status=503,endpoint=GET /nope")]
    public async Task Bad_options_print_a_message_on_stderr_and_exit_with_code_2(params string[] args)
    {
        using var process = Start(args);
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        Assert.Equal(2, await WaitForExitAsync(process));
        Assert.StartsWith("error: ", await stderr);
        Assert.Equal("", await stdout);
    }

    [Fact]
    public async Task Help_prints_usage_and_exits_with_code_0()
    {
        using var process = Start("--help");
        var stdout = process.StandardOutput.ReadToEndAsync();
        Assert.Equal(0, await WaitForExitAsync(process));
        var usage = await stdout;
        Assert.Contains("--exit-on-stdin-close", usage);
        Assert.Contains("--fault <spec>", usage);
    }

    [Fact]
    public async Task Help_lists_every_control_endpoint_and_the_spec_alternatives()
    {
        using var process = Start("--help");
        var stdout = process.StandardOutput.ReadToEndAsync();
        Assert.Equal(0, await WaitForExitAsync(process));
        var usage = await stdout;
        Assert.Contains("GET /simulator/sessions", usage);
        Assert.Contains("GET|POST /simulator/alternatives", usage);
        Assert.Contains("--remote-session-not-logged-in 401|404", usage);
        Assert.Contains("--task-meta include|omit", usage);
        Assert.Contains("pairing-id-string", usage);
        Assert.Contains("--login-refused 400|401", usage);
    }

    [Fact]
    public async Task A_port_in_use_prints_one_error_line_without_a_stack_trace_and_a_non_zero_exit_code()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        using var process = Start("--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        Assert.NotEqual(0, await WaitForExitAsync(process));

        var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith($"error: cannot listen on 127.0.0.1:{port}", line);
        Assert.Equal("", await stdout);
    }

    [Fact]
    public async Task A_remote_site_endpoint_port_in_use_is_named_in_the_one_error_line()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port - 1;

        using var process = Start("--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        Assert.NotEqual(0, await WaitForExitAsync(process));

        var line = Assert.Single((await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith($"error: cannot listen on 127.0.0.1:{port} (or, for the remote site endpoints, 127.0.0.1:{port + 1} to {port + 4}", line);
        Assert.Equal("", await stdout);
    }
}
