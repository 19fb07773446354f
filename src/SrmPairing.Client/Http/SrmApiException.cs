using System;

namespace Srm.Client.Http
{
    /// <summary>
    /// A failed SRM REST call. The message is written for an administrator: what was asked, what the server said
    /// (its message, error_code and op_id for the logs), never a body, header or session id. It is safe to show:
    /// control characters from the server are made visible (<see cref="Text.DisplayText"/>); the properties keep the
    /// server's raw values.
    /// </summary>
    public sealed class SrmApiException : Exception
    {
        /// <summary>A failed call: its <paramref name="kind"/>, the request (<paramref name="method"/> and <paramref name="path"/>), the message for an administrator and what the server said.</summary>
        public SrmApiException(SrmErrorKind kind, string? method, string path, string message, int? statusCode = null,
            string? errorCode = null, string? serverMessage = null, string? opId = null, Exception? innerException = null)
            : base(Text.DisplayText.OneLine(message), innerException)
        {
            Kind = kind;
            Method = method;
            Path = path;
            StatusCode = statusCode;
            ErrorCode = errorCode;
            ServerMessage = serverMessage;
            OpId = opId;
        }

        /// <summary>What went wrong, as a category to act on.</summary>
        public SrmErrorKind Kind { get; }

        /// <summary>The HTTP method of the failed request (TLS for a certificate probe).</summary>
        public string? Method { get; }

        /// <summary>The API path, relative to the base path, e.g. /tasks/123.</summary>
        public string Path { get; }

        /// <summary>The HTTP status of the answer; null when none arrived.</summary>
        public int? StatusCode { get; }

        /// <summary>ResponseError.error_code, when the server sent one.</summary>
        public string? ErrorCode { get; }

        /// <summary>ResponseError.message, when the server sent one.</summary>
        public string? ServerMessage { get; }

        /// <summary>ResponseError.op_id: the id of the operation in the server's logs.</summary>
        public string? OpId { get; }

        /// <summary>
        /// The same failure told in other words, for a caller that knows more about it (which pairing, which step):
        /// a new exception with <paramref name="message"/> (made safe to show, as every message is) and this one's
        /// <see cref="Kind"/>, <see cref="Method"/>, <see cref="Path"/>, <see cref="StatusCode"/>,
        /// <see cref="ErrorCode"/>, <see cref="ServerMessage"/>, <see cref="OpId"/> and <see cref="Exception.Data"/>
        /// (such as RetryAfter); this exception becomes its inner exception. The properties are kept, not the words:
        /// a message that replaces one naming the server's message or op_id should name them too.
        /// </summary>
        /// <exception cref="ArgumentException"><paramref name="message"/> is null or blank.</exception>
        public SrmApiException WithMessage(string message)
        {
            if (string.IsNullOrWhiteSpace(message))
            {
                throw new ArgumentException("The message is empty.", nameof(message));
            }

            var reworded = new SrmApiException(Kind, Method, Path, message, StatusCode, ErrorCode, ServerMessage, OpId, this);
            foreach (System.Collections.DictionaryEntry entry in Data)
            {
                reworded.Data[entry.Key] = entry.Value;
            }

            return reworded;
        }

        /// <summary>
        /// True when the request may be repeated safely if it was idempotent: a dropped connection, a timeout,
        /// 408, 429, 502, 503 or 504.
        /// </summary>
        public bool IsTransient =>
            Kind == SrmErrorKind.ConnectionFailed || Kind == SrmErrorKind.Timeout || Kind == SrmErrorKind.RateLimited ||
            StatusCode == 408 || StatusCode == 502 || StatusCode == 503 || StatusCode == 504;
    }
}
