using System;
using System.Collections.Specialized;
using System.Linq;
using Newtonsoft.Json.Linq;
using Srm.Client.Models;

namespace Srm.Client.Wire
{
    /// <summary>
    /// Turns the API's JSON shapes into the typed objects the cmdlets emit. The caller has checked the id (a task's id,
    /// a pairing's pairing_id) and refused an answer without a usable one; every other property may be missing.
    /// </summary>
    internal static class WireMapper
    {
        internal static SrmTask ToTask(TaskData data, SrmConnection? connection)
        {
            var id = data.Id ?? throw new ArgumentException("The task has no id.", nameof(data));
            var status = ParseStatus(data.Status);
            var task = new SrmTask(id, status)
            {
                RawStatus = data.Status,
                Progress = Math.Max(0, Math.Min(100, data.Progress ?? 0)),
                Description = data.Description,
                DescriptionId = data.DescriptionId,
                Entity = data.Entity,
                EntityName = data.EntityName,
                Error = data.Error == null || (data.Error.Message == null && data.Error.Details == null)
                    ? null
                    : new SrmTaskError(data.Error.Message, data.Error.Details),
                Result = ToPlainValue(data.Result),
                QueuedTime = FromEpochMilliseconds(data.QueuedTime),
                StartTime = FromEpochMilliseconds(data.StartTime),
                CompleteTime = FromEpochMilliseconds(data.CompleteTime),
                Connection = connection,
            };
            if (data.Meta?.Errors != null && data.Meta.Errors.Count > 0)
            {
                task.MetaErrors = data.Meta.Errors.Where(e => e != null).Select(e => new SrmMetaError(e.Code, e.Message, e.Field)).ToList();
            }

            return task;
        }

        internal static SrmPairing ToPairing(PairingData data, SrmConnection? connection)
        {
            var pairingId = data.PairingId ?? throw new ArgumentException("The pairing has no pairing_id.", nameof(data));
            return new SrmPairing(
                pairingId,
                ToServer(data.LocalVcServer),
                ToServer(data.RemoteVcServer),
                ToServer(data.LocalSrmServer),
                ToServer(data.RemoteSrmServer))
            {
                Connection = connection,
            };
        }

        private static SrmServerInfo? ToServer(ServerInfo? data)
        {
            return data == null ? null : new SrmServerInfo(data.Id, data.Name, data.Url, data.ServerStatus, data.Version);
        }

        /// <summary>QUEUED, RUNNING, SUCCESS, ERROR, CANCELLED in any case; anything else is UNKNOWN (never final).</summary>
        internal static SrmTaskStatus ParseStatus(string? status)
        {
            switch ((status ?? string.Empty).Trim().ToUpperInvariant())
            {
                case "QUEUED": return SrmTaskStatus.QUEUED;
                case "RUNNING": return SrmTaskStatus.RUNNING;
                case "SUCCESS": return SrmTaskStatus.SUCCESS;
                case "ERROR": return SrmTaskStatus.ERROR;
                case "CANCELLED": return SrmTaskStatus.CANCELLED;
                default: return SrmTaskStatus.UNKNOWN;
            }
        }

        internal static DateTimeOffset? FromEpochMilliseconds(long? milliseconds)
        {
            if (milliseconds == null)
            {
                return null;
            }

            // 0001-01-01 .. 9999-12-31 in epoch milliseconds; anything beyond is not a time.
            const long min = -62135596800000L;
            const long max = 253402300799999L;
            if (milliseconds.Value < min || milliseconds.Value > max)
            {
                return null;
            }

            return DateTimeOffset.FromUnixTimeMilliseconds(milliseconds.Value);
        }

        /// <summary>Free-form JSON as plain .NET values PowerShell shows well: ordered dictionaries, arrays, scalars.</summary>
        internal static object? ToPlainValue(JToken? token)
        {
            if (token == null)
            {
                return null;
            }

            switch (token.Type)
            {
                case JTokenType.Null:
                case JTokenType.Undefined:
                    return null;
                case JTokenType.Object:
                    var dictionary = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
                    foreach (var property in ((JObject)token).Properties())
                    {
                        dictionary[property.Name] = ToPlainValue(property.Value);
                    }

                    return dictionary;
                case JTokenType.Array:
                    return token.Select(ToPlainValue).ToArray();
                case JTokenType.Integer:
                    // Beyond Int64 the reader gives a BigInteger, which Value<long>() cannot convert.
                    return ((JValue)token).Value is System.Numerics.BigInteger big ? (object)big : token.Value<long>();
                case JTokenType.Float:
                    return token.Value<double>();
                case JTokenType.Boolean:
                    return token.Value<bool>();
                default:
                    return token.ToString();
            }
        }
    }
}
