using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Srm.Client.Http;
using Srm.Client.Models;

namespace Srm.Client.Tests
{
    /// <summary>
    /// What a hostile or broken server can make the client put on the wire, and what the client makes of answers that
    /// are too large or cut off, against a raw TLS server on 127.0.0.1 that records every request it reads.
    /// </summary>
    public class HostileServerWireTests
    {
        private static SrmClientOptions Options(X509Certificate2 certificate, int retries = 0) => new SrmClientOptions
        {
            CertificateThumbprint = Thumbprint.Sha256(certificate),
            MaxRequestsPerMinute = 0,
            MaximumRetryCount = retries,
            RetryInterval = TimeSpan.FromMilliseconds(1),
            MaximumRetryDelay = TimeSpan.FromMilliseconds(20),
            RequestTimeout = TimeSpan.FromSeconds(20),
        };

        [Fact]
        public async Task A_session_id_with_CR_LF_is_refused_and_nothing_more_is_sent()
        {
            using var cert = TestCertificates.Create("CN=srm-loopback.test");
            const string smuggling = "abc\r\nContent-Length: 0\r\n\r\nDELETE /api/rest/srm/v2/pairings/SMUGGLED HTTP/1.1\r\nHost: x\r\nX-Pad: y";
            using var server = new ScriptedTlsServer(cert, (head, stream, _) =>
                head.StartsWith("POST ", StringComparison.Ordinal) && head.Contains("/session ")
                    ? ScriptedTlsServer.WriteJson(stream, "200 OK", "{\"session_id\":" + Newtonsoft.Json.JsonConvert.ToString(smuggling) + "}")
                    : head.Contains("/server/info ")
                        ? ScriptedTlsServer.WriteJson(stream, "200 OK", TestData.ServerInfoJson)
                        : ScriptedTlsServer.WriteJson(stream, "204 No Content", string.Empty));

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => SrmConnection.ConnectAsync(
                SrmEndpoint.Parse("127.0.0.1:" + server.Port), TestData.Credential(), Options(cert), CancellationToken.None)
                .WaitAsync(TimeSpan.FromSeconds(30)));

            // The client is disposed: its connections close, and every request the server got has been read.
            await server.ConnectionsClosed(TimeSpan.FromSeconds(30));
            Assert.Equal(SrmErrorKind.InvalidResponse, ex.Kind);
            Assert.Contains("session_id", ex.Message);
            Assert.DoesNotContain("SMUGGLED", ex.Message);
            Assert.Equal(new[] { "POST /api/rest/srm/v2/session HTTP/1.1" }, server.RequestLines);
        }

        [Fact]
        public async Task A_body_over_the_limit_is_refused_on_the_pipeline_thread_without_reading_it_all()
        {
            using var cert = TestCertificates.Create("CN=srm-loopback.test");
            long written = 0;
            const long offered = 64L * 1024 * 1024;
            using var server = new ScriptedTlsServer(cert, async (head, stream, _) =>
            {
                if (head.Contains("/session "))
                {
                    return await ScriptedTlsServer.WriteJson(stream, "200 OK", "{\"session_id\":\"s1\"}");
                }

                // No Content-Length: the body ends when the connection closes; the client can only count.
                await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{\"name\":\""));
                var chunk = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
                while (written < offered)
                {
                    await stream.WriteAsync(chunk);
                    Interlocked.Add(ref written, chunk.Length);
                }

                return false;
            });
            var options = Options(cert);
            options.MaxResponseBodyBytes = 1024 * 1024;
            using var client = new SrmClient(SrmEndpoint.Parse("127.0.0.1:" + server.Port), options);
            await client.LoginAsync(TestData.Credential(), CancellationToken.None);

            var call = await OwnThread.Start(() => client.GetServerInfoAsync(CancellationToken.None), TimeSpan.FromSeconds(60));
            var ex = await Assert.ThrowsAsync<SrmApiException>(() => call);

            Assert.Equal(SrmErrorKind.InvalidResponse, ex.Kind);
            Assert.Contains("1 MiB", ex.Message);
            client.Dispose();
            await server.ConnectionsClosed(TimeSpan.FromSeconds(30));
            Assert.True(Interlocked.Read(ref written) < offered, "the client read the whole body");
        }

        [Fact]
        public async Task A_body_cut_off_mid_way_is_reported_as_cut_off()
        {
            using var cert = TestCertificates.Create("CN=srm-loopback.test");
            using var server = new ScriptedTlsServer(cert, async (head, stream, _) =>
            {
                if (head.Contains("/session "))
                {
                    return await ScriptedTlsServer.WriteJson(stream, "200 OK", "{\"session_id\":\"s1\"}");
                }

                await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"name\":\"srm"));
                await stream.FlushAsync();
                return false;
            });
            using var client = new SrmClient(SrmEndpoint.Parse("127.0.0.1:" + server.Port), Options(cert));
            await client.LoginAsync(TestData.Credential(), CancellationToken.None);

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => client.GetServerInfoAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));

            Assert.Equal(SrmErrorKind.ConnectionFailed, ex.Kind);
            Assert.True(ex.IsTransient);
            Assert.Contains("cut off", ex.Message);
            Assert.DoesNotContain("Could not reach", ex.Message);
        }

        [Fact]
        public async Task A_refused_connection_says_nothing_was_sent_in_whole_sentences()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            using var client = new SrmClient(SrmEndpoint.Parse("127.0.0.1:" + port), new SrmClientOptions { MaximumRetryCount = 0, MaxRequestsPerMinute = 0 });

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => client.LoginAsync(TestData.Credential(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));

            Assert.Equal(SrmErrorKind.ConnectionFailed, ex.Kind);
            Assert.Contains("refused", ex.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("Nothing was sent.", ex.Message);
            Assert.DoesNotContain("may or may not", ex.Message);
            Assert.Matches(@"(?i)refused\. ", ex.Message);
        }
    }
}
