using System;
using System.IO;
using System.Text.RegularExpressions;
using Newtonsoft.Json;

namespace Srm.Client.Http
{
    /// <summary>
    /// The module's own JSON settings. Never JsonConvert.DefaultSettings: on PowerShell the Newtonsoft.Json
    /// assembly, and so its static state, is shared with the engine and every other module.
    /// </summary>
    internal static class SrmJson
    {
        internal static readonly JsonSerializerSettings Settings = new JsonSerializerSettings
        {
            MissingMemberHandling = MissingMemberHandling.Ignore,
            NullValueHandling = NullValueHandling.Include,
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Double,
            MaxDepth = 64,
        };

        private static readonly JsonSerializer Serializer = JsonSerializer.Create(Settings);

        /// <summary>Reads JSON text into <typeparamref name="T"/>; a JsonException means it was not the JSON expected.</summary>
        internal static T? Deserialize<T>(string json)
        {
            using (var reader = new JsonTextReader(new StringReader(json)))
            {
                reader.DateParseHandling = DateParseHandling.None;
                reader.MaxDepth = Settings.MaxDepth;
                var value = Serializer.Deserialize<T>(reader);
                // Trailing content after the value is malformed JSON too.
                while (reader.Read())
                {
                    if (reader.TokenType != JsonToken.Comment)
                    {
                        throw new JsonReaderException("Additional text found after the JSON value.");
                    }
                }

                return value;
            }
        }

        private static readonly Regex WrongContainer = new Regex(
            @"^Cannot deserialize the current JSON (?<found>\w+) .* requires a JSON (?<expected>\w+)", RegexOptions.Singleline);

        private static readonly Regex WrongValue = new Regex(@"^Error converting value (?<value>.*?) to type '(?<type>[^']*)'", RegexOptions.Singleline);

        /// <summary>
        /// A short, plain account of why JSON could not be read: what was expected, and where (the property path, line
        /// and position), without Newtonsoft's advice to developers or its type names. No final full stop.
        /// </summary>
        internal static string Describe(JsonException exception)
        {
            string? path = null;
            var line = 0;
            var position = 0;
            if (exception is JsonReaderException reader)
            {
                path = reader.Path;
                line = reader.LineNumber;
                position = reader.LinePosition;
            }
            else if (exception is JsonSerializationException serialization)
            {
                path = serialization.Path;
                line = serialization.LineNumber;
                position = serialization.LinePosition;
            }

            var message = exception.Message ?? string.Empty;
            string what;
            Match match;
            if ((match = WrongContainer.Match(message)).Success)
            {
                what = $"expected a JSON {match.Groups["expected"].Value.ToLowerInvariant()}, found {Article(match.Groups["found"].Value.ToLowerInvariant())}";
            }
            else if ((match = WrongValue.Match(message)).Success)
            {
                what = $"the value {Cut(match.Groups["value"].Value)} is not {Article(Friendly(match.Groups["type"].Value))}";
            }
            else
            {
                // Newtonsoft's own messages: one sentence, then " Path '...', line n, position m." and perhaps advice.
                what = message;
                foreach (var tail in new[] { " Path '", " To fix this error", "\r", "\n" })
                {
                    var at = what.IndexOf(tail, StringComparison.Ordinal);
                    if (at > 0)
                    {
                        what = what.Substring(0, at);
                    }
                }

                what = Cut(what.Trim().TrimEnd('.'));
            }

            var where = path is { Length: > 0 } ? " at " + Cut(path) : string.Empty;
            return line > 0 ? $"{what}{where} (line {line}, position {position})" : what + where;
        }

        private static string Article(string noun) =>
            noun.Length > 0 && "aeiou".IndexOf(noun[0]) >= 0 ? "an " + noun : "a " + noun;

        private static string Friendly(string type)
        {
            if (type.IndexOf("Int", StringComparison.Ordinal) >= 0 || type.IndexOf("Double", StringComparison.Ordinal) >= 0 ||
                type.IndexOf("Decimal", StringComparison.Ordinal) >= 0)
            {
                return "number";
            }

            if (type.IndexOf("Boolean", StringComparison.Ordinal) >= 0)
            {
                return "boolean";
            }

            return type.IndexOf("String", StringComparison.Ordinal) >= 0 ? "string" : "value of the expected type";
        }

        /// <summary>Server text in a message: control characters dropped, at most 100 characters.</summary>
        private static string Cut(string text)
        {
            var clean = Regex.Replace(text, @"\p{Cc}", " ");
            return clean.Length > 100 ? clean.Substring(0, 100) + "..." : clean;
        }
    }
}
