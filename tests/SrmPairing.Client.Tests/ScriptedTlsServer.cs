using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace SrmPairing.Client.Tests
{
    /// <summary>
    /// A raw HTTP/1.1 server over TLS on 127.0.0.1 that records every request it reads, on every connection, and answers
    /// each with what <c>respond</c> writes to the stream (it may write a broken answer and return false to close the
    /// connection). Requests are read as the bytes arrive, so a request smuggled into a header block shows up as a
    /// request of its own.
    /// </summary>
    internal sealed class ScriptedTlsServer : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly X509Certificate2 _certificate;
        private readonly Func<string, Stream, Task<bool>> _respond;
        private readonly List<string> _requestLines = new List<string>();
        private readonly List<Task> _connections = new List<Task>();
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Task _accepting;

        /// <param name="respond">Given the request head (request line and headers), writes the answer; false closes the connection.</param>
        public ScriptedTlsServer(X509Certificate2 certificate, Func<string, Stream, Task<bool>> respond)
        {
            _certificate = certificate;
            _respond = respond;
            _listener.Start();
            _accepting = Task.Run(AcceptAsync);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        /// <summary>The request lines read so far ("GET /api/rest/srm/v2/server/info HTTP/1.1"), in order.</summary>
        public IReadOnlyList<string> RequestLines
        {
            get
            {
                lock (_requestLines)
                {
                    return _requestLines.ToList();
                }
            }
        }

        /// <summary>Writes a complete answer with a JSON body.</summary>
        public static async Task<bool> WriteJson(Stream stream, string status, string json)
        {
            var body = Encoding.UTF8.GetBytes(json);
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                "HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " + body.Length + "\r\n\r\n"));
            await stream.WriteAsync(body);
            await stream.FlushAsync();
            return true;
        }

        /// <summary>Completes when every connection accepted so far has been closed (by the client, or the server's answer).</summary>
        public async Task ConnectionsClosed(TimeSpan timeout)
        {
            Task[] connections;
            lock (_connections)
            {
                connections = _connections.ToArray();
            }

            await Task.WhenAll(connections).WaitAsync(timeout);
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient tcp;
                try
                {
                    tcp = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception)
                {
                    return;
                }

                lock (_connections)
                {
                    _connections.Add(Task.Run(() => ServeAsync(tcp)));
                }
            }
        }

        private async Task ServeAsync(TcpClient tcp)
        {
            using (tcp)
            using (var tls = new SslStream(tcp.GetStream()))
            {
                try
                {
                    await tls.AuthenticateAsServerAsync(_certificate, false, false);
                    var pending = new StringBuilder();
                    var buffer = new byte[4096];
                    // Bounded: a client sends a handful of requests per connection in these tests.
                    for (var served = 0; served < 50;)
                    {
                        var end = pending.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal);
                        if (end < 0)
                        {
                            var read = await tls.ReadAsync(buffer, _stop.Token);
                            if (read == 0)
                            {
                                return;
                            }

                            pending.Append(Encoding.Latin1.GetString(buffer, 0, read));
                            continue;
                        }

                        var head = pending.ToString(0, end);
                        pending.Remove(0, end + 4);
                        lock (_requestLines)
                        {
                            _requestLines.Add(head.Split("\r\n")[0]);
                        }

                        // These tests' requests carry no body the server needs: skip a Content-Length body if any.
                        var length = ContentLength(head);
                        while (pending.Length < length)
                        {
                            var read = await tls.ReadAsync(buffer, _stop.Token);
                            if (read == 0)
                            {
                                return;
                            }

                            pending.Append(Encoding.Latin1.GetString(buffer, 0, read));
                        }

                        pending.Remove(0, length);
                        served++;
                        if (!await _respond(head, tls))
                        {
                            return;
                        }
                    }
                }
                catch (Exception)
                {
                    // The client closed or reset the connection.
                }
            }
        }

        private static int ContentLength(string head)
        {
            foreach (var line in head.Split("\r\n"))
            {
                if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                {
                    return int.Parse(line.Substring("Content-Length:".Length).Trim());
                }
            }

            return 0;
        }
    }
}
