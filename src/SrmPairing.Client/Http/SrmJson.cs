using System.IO;
using Newtonsoft.Json;

namespace SrmPairing.Http
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
        internal static T Deserialize<T>(string json)
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
    }
}
