using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using Srm.Client.Models;
using Srm.PowerShell.Commands;
using Srm.Client.Text;

namespace Srm.PowerShell.Completion
{
    /// <summary>
    /// Completes -Id of Wait-SrmTask and Get-SrmTask with the tasks this session has seen on the connection in use
    /// (-Connection, else the default one), newest first, with the description as tooltip. Never asks the server:
    /// a tab press does not spend the appliance's request budget. The tooltip shows the server's text safely
    /// (<see cref="DisplayText"/>); an id holding control characters is not offered, as it cannot be typed.
    /// </summary>
    public sealed class TaskIdCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            return CompletionText.Remembered(fakeBoundParameters, wordToComplete, SrmRecentTasks.For, task => task.Id, ToolTip);
        }

        private static string ToolTip(SrmTask task)
        {
            var what = string.IsNullOrWhiteSpace(task.Description) ? "Task " + task.Id : task.Description;
            return DisplayText.OneLine($"{what} ({task.StatusWord}, {task.Progress}%)");
        }
    }
}
