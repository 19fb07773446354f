using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Srm.Client.Http;
using Srm.Client.Models;

namespace Srm.PowerShell.Commands
{
    /// <summary>
    /// Lets -Connection take the text that tab completion and a connection's ToString() give ("host" or "host:port",
    /// also "https://host:port", with "#2" for a second connection to the same server) and turns it into that open
    /// connection of the current runspace. Connection objects pass through unchanged, whichever runspace opened them.
    /// </summary>
    internal sealed class SrmConnectionArgumentAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = Unwrap(inputData);
            if (value is string text)
            {
                return Find(text);
            }

            if (value is IEnumerable items && !(value is SrmConnection))
            {
                var list = new List<object?>();
                foreach (var item in items)
                {
                    var one = Unwrap(item);
                    list.Add(one is string name ? Find(name) : one);
                }

                return list.ToArray();
            }

            return inputData;
        }

        private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

        private static SrmConnection Find(string text)
        {
            if (!SrmConnectionRegistry.TryFind(text, out var connection, out var problem))
            {
                throw new ArgumentTransformationMetadataException(problem);
            }

            return connection;
        }
    }
}
