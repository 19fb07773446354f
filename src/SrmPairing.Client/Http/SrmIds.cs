using System;

namespace Srm.Client.Http
{
    /// <summary>
    /// Whether an id or token can go into a request as it must: a pairing or task id as exactly one path segment, a
    /// session id as a header value. Uri.EscapeDataString leaves '.' and '..' alone and System.Uri then removes them
    /// as dot segments, so "/pairings/.." would address the API's root; a control character has no place in either.
    /// </summary>
    internal static class SrmIds
    {
        /// <summary>Why <paramref name="id"/> cannot address one resource as a path segment, or null when it can.</summary>
        internal static string? WhyNotSegment(string? id)
        {
            if (SrmText.IsBlank(id))
            {
                return "it is empty or blank";
            }

            if (id == "." || id == "..")
            {
                return "'.' and '..' would address another resource";
            }

            return HasControlCharacter(id) ? "it holds a control character" : null;
        }

        /// <summary>
        /// Why <paramref name="token"/> cannot be sent as a header value, or null when it can: only visible ASCII
        /// (no space, no control character, nothing a header line could carry differently).
        /// </summary>
        internal static string? WhyNotHeaderToken(string? token)
        {
            if (SrmText.IsEmpty(token))
            {
                return "it is empty";
            }

            foreach (var c in token)
            {
                if (c <= ' ' || c > '~')
                {
                    return c < ' ' || c == '\u007f' ? "it holds a control character" : "it holds a character other than visible ASCII";
                }
            }

            return null;
        }

        /// <summary>
        /// <paramref name="id"/> escaped as one path segment; an id that cannot be one is refused with
        /// <see cref="SrmErrorKind.InvalidId"/> before anything is sent.
        /// </summary>
        /// <param name="id">The id as given.</param>
        /// <param name="what">"pairing id", "task id".</param>
        /// <param name="pathTemplate">The API path it was meant for, e.g. /pairings/{id}.</param>
        internal static string Segment(string? id, string what, string pathTemplate)
        {
            var why = WhyNotSegment(id);
            if (why != null)
            {
                throw new SrmApiException(SrmErrorKind.InvalidId, null, pathTemplate,
                    $"{SrmText.Quote(id)} is not a valid {what}: {why}. Nothing was sent.");
            }

            return Uri.EscapeDataString(id);
        }

        private static bool HasControlCharacter(string text)
        {
            foreach (var c in text)
            {
                if (char.IsControl(c))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
