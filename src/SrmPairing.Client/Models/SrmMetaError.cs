namespace Srm.Client.Models
{
    /// <summary>One entry of a response's <c>_meta.errors</c>: a problem with part of the returned data.</summary>
    public sealed class SrmMetaError
    {
        /// <summary>A problem the server reported with part of its answer.</summary>
        public SrmMetaError(string? code, string? message, string? field)
        {
            Code = code;
            Message = message;
            Field = field;
        }

        /// <summary>The server's code for the problem.</summary>
        public string? Code { get; }

        /// <summary>The server's description of the problem.</summary>
        public string? Message { get; }

        /// <summary>A JSONPath to the affected part of the response.</summary>
        public string? Field { get; }

        /// <summary>"code: message (field)".</summary>
        public override string ToString()
        {
            var text = string.IsNullOrEmpty(Code) ? Message ?? string.Empty : Code + ": " + Message;
            return string.IsNullOrEmpty(Field) ? text : text + " (" + Field + ")";
        }
    }
}
