# The answers the SRM API spec leaves open, as the simulator can give them (POST /simulator/alternatives). Lifecycle
# tests run once per set below (Describe -ForEach), switching the running simulator between sets: together the sets
# give each open answer at least once, and each set's run shows its name in the test names.

function Get-SrmSpecAlternative {
    <#
    .SYNOPSIS
    The answer sets the lifecycle tests run under: hashtables with Name (for the test names) and Alternatives (the
    body of POST /simulator/alternatives).
    #>
    [CmdletBinding()]
    param()
    @(
        @{ Name = 'remote-session not logged in 404, Task without _meta, result null'
           Alternatives = @{ remote_session_not_logged_in = 404; task_meta = 'omit'; task_result = 'none' } }
        @{ Name = 'remote-session not logged in 401, Task with _meta, result object'
           Alternatives = @{ remote_session_not_logged_in = 401; task_meta = 'include'; task_result = 'pairing-id' } }
        @{ Name = 'remote-session not logged in 401, Task without _meta, result bare string'
           Alternatives = @{ remote_session_not_logged_in = 401; task_meta = 'omit'; task_result = 'pairing-id-string' } }
    )
}

function Reset-SrmSimulatorForAlternative {
    <#
    .SYNOPSIS
    Resets a running simulator (sessions, pairings, tasks, counters, faults) and switches it to one answer set.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [psobject] $Simulator,
        [Parameter(Mandatory)] [hashtable] $Alternatives
    )
    Invoke-SrmSimulatorControl -Simulator $Simulator -Path reset -Method Post | Out-Null
    Set-SrmSimulatorAlternative -Simulator $Simulator -Alternatives $Alternatives
}

function Set-SrmSimulatorAlternative {
    <#
    .SYNOPSIS
    Switches a running simulator to one answer set (without a reset); without -Alternatives, back to the defaults.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [psobject] $Simulator,
        [hashtable] $Alternatives = (Get-SrmSpecAlternative)[0].Alternatives
    )
    $set = Invoke-SrmSimulatorControl -Simulator $Simulator -Path alternatives -Method Post -Body $Alternatives
    foreach ($key in $Alternatives.Keys) {
        if ([string] $set.$key -ne [string] $Alternatives[$key]) {
            throw "The simulator did not switch $key to '$($Alternatives[$key])' (it says '$($set.$key)')."
        }
    }
}

Export-ModuleMember -Function Get-SrmSpecAlternative, Reset-SrmSimulatorForAlternative, Set-SrmSimulatorAlternative
