using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Srm.Client.Tests
{
    /// <summary>
    /// A raw HTTP/1.1 server over TLS on 127.0.0.1 whose answers the test writes itself, byte by byte if need be. It
    /// counts every connection it accepts (even one whose handshake fails) and keeps every request head it reads, on
    /// every connection. Requests are read as the bytes arrive, so a request smuggled into a header block shows up as
    /// a request of its own.
    /// </summary>
    internal sealed class ScriptedTlsServer : IDisposable
    {
        private const int MaxHeadLength = 64 * 1024;

        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly X509Certificate2 _certificate;
        private readonly Func<string, Stream, CancellationToken, Task<bool>> _respond;
        private readonly List<string> _heads = new List<string>();
        private readonly List<Task> _served = new List<Task>();
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private int _connections;

        /// <param name="certificate">The server's certificate (with its private key).</param>
        /// <param name="respond">
        /// Given the request head (request line and headers), writes the answer and says whether to keep the connection
        /// open for the next request. The token is cancelled when the server is disposed, so a responder that never
        /// finishes (a trickle, an endless body) must honour it.
        /// </param>
        public ScriptedTlsServer(X509Certificate2 certificate, Func<string, Stream, CancellationToken, Task<bool>> respond)
        {
            _certificate = certificate;
            _respond = respond;
            _listener.Start();
            _ = Task.Run(AcceptAsync);
        }

        /// <summary>A server that answers one request per connection, then closes it.</summary>
        public ScriptedTlsServer(X509Certificate2 certificate, Func<string, Stream, CancellationToken, Task> respond)
            : this(certificate, async (head, stream, token) =>
            {
                await respond(head, stream, token);
                return false;
            })
        {
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        /// <summary>How many TCP connections were accepted.</summary>
        public int Connections => Volatile.Read(ref _connections);

        /// <summary>The request heads read so far, in order.</summary>
        public IReadOnlyList<string> Heads
        {
            get
            {
                lock (_heads)
                {
                    return _heads.ToList();
                }
            }
        }

        /// <summary>The request lines read so far ("GET /api/rest/srm/v2/server/info HTTP/1.1"), in order.</summary>
        public IReadOnlyList<string> RequestLines => Heads.Select(h => h.Split("\r\n")[0]).ToList();

        /// <summary>Writes a complete answer with a JSON body and keeps the connection open.</summary>
        public static async Task<bool> WriteJson(Stream stream, string status, string json)
        {
            var body = Encoding.UTF8.GetBytes(json);
            await WriteAsync(stream, Encoding.ASCII.GetBytes(
                "HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " + body.Length + "\r\n\r\n").Concat(body).ToArray(),
                CancellationToken.None);
            return true;
        }

        /// <summary>Writes a complete answer with a JSON body that closes the connection.</summary>
        public static Task WriteJsonAsync(Stream stream, string status, string json, CancellationToken token, string extraHeaders = "")
        {
            var body = Encoding.UTF8.GetBytes(json);
            var head = "HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " + body.Length + "\r\n" + extraHeaders +
                       "Connection: close\r\n\r\n";
            return WriteAsync(stream, Encoding.ASCII.GetBytes(head).Concat(body).ToArray(), token);
        }

        public static async Task WriteAsync(Stream stream, byte[] bytes, CancellationToken token)
        {
            await stream.WriteAsync(bytes, token);
            await stream.FlushAsync(token);
        }

        /// <summary>Completes when every connection accepted so far has been closed (by the client, or the server's answer).</summary>
        public async Task ConnectionsClosed(TimeSpan timeout)
        {
            Task[] served;
            lock (_served)
            {
                served = _served.ToArray();
            }

            await Task.WhenAll(served).WaitAsync(timeout);
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
                    // Stopped.
                    return;
                }

                Interlocked.Increment(ref _connections);
                lock (_served)
                {
                    _served.Add(Task.Run(() => ServeAsync(tcp)));
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
                            if (pending.Length > MaxHeadLength || !await ReadMoreAsync(tls, buffer, pending))
                            {
                                return;
                            }

                            continue;
                        }

                        var head = pending.ToString(0, end + 4);
                        pending.Remove(0, end + 4);
                        lock (_heads)
                        {
                            _heads.Add(head);
                        }

                        // These tests' requests carry no body the server needs: skip a Content-Length body if any.
                        var length = ContentLength(head);
                        while (pending.Length < length)
                        {
                            if (!await ReadMoreAsync(tls, buffer, pending))
                            {
                                return;
                            }
                        }

                        pending.Remove(0, length);
                        served++;
                        if (!await _respond(head, tls, _stop.Token))
                        {
                            return;
                        }
                    }
                }
                catch (Exception)
                {
                    // The client refused the certificate, gave up or went away, or the server was stopped.
                }
            }
        }

        private async Task<bool> ReadMoreAsync(Stream stream, byte[] buffer, StringBuilder pending)
        {
            var read = await stream.ReadAsync(buffer, _stop.Token);
            pending.Append(Encoding.Latin1.GetString(buffer, 0, read));
            return read > 0;
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
