using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace SrmPairing.Client.Tests
{
    /// <summary>
    /// A TLS server on 127.0.0.1 whose answers are written by the test, byte by byte if need be: for each connection
    /// it reads one request head and hands the stream to a responder, then closes the connection. It counts every
    /// connection it accepts (even one whose handshake fails) and keeps every request head it read.
    /// </summary>
    internal sealed class ScriptedTlsServer : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly X509Certificate2 _certificate;
        private readonly Func<string, Stream, CancellationToken, Task> _respond;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly ConcurrentQueue<string> _heads = new ConcurrentQueue<string>();
        private int _connections;

        /// <param name="certificate">The server's certificate (with its private key).</param>
        /// <param name="respond">
        /// Writes the answer to a request head; the token is cancelled when the server is disposed, so a responder
        /// that never finishes (a trickle, an endless body) must honour it.
        /// </param>
        public ScriptedTlsServer(X509Certificate2 certificate, Func<string, Stream, CancellationToken, Task> respond)
        {
            _certificate = certificate;
            _respond = respond;
            _listener.Start();
            _ = Task.Run(AcceptAsync);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        /// <summary>How many TCP connections were accepted.</summary>
        public int Connections => Volatile.Read(ref _connections);

        /// <summary>The request heads read so far, in order.</summary>
        public IReadOnlyList<string> Heads => _heads.ToArray();

        /// <summary>A complete response with a JSON body, closing the connection.</summary>
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
                _ = Task.Run(() => ServeAsync(tcp));
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
                    var head = await ReadHeadAsync(tls, _stop.Token);
                    if (head == null)
                    {
                        return;
                    }

                    _heads.Enqueue(head);
                    await _respond(head, tls, _stop.Token);
                }
                catch (Exception)
                {
                    // The client refused the certificate, gave up or went away, or the server was stopped.
                }
            }
        }

        private static async Task<string> ReadHeadAsync(Stream stream, CancellationToken token)
        {
            var head = new StringBuilder();
            var one = new byte[1];
            // One byte at a time, so that nothing after the head is consumed; requests here have no body to speak of.
            while (head.Length < 64 * 1024)
            {
                if (await stream.ReadAsync(one, token) == 0)
                {
                    return head.Length == 0 ? null : head.ToString();
                }

                head.Append((char)one[0]);
                if (head.Length >= 4 && head.ToString(head.Length - 4, 4) == "\r\n\r\n")
                {
                    return head.ToString();
                }
            }

            return head.ToString();
        }
    }
}
