# Helpers the Pester files share for asserting on errors the way a user meets them.
Set-StrictMode -Version Latest

function Get-ErrorRecord {
    <#
    .SYNOPSIS
    Runs a script block and returns every ErrorRecord it produced, terminating or not, in order.
    .DESCRIPTION
    Non-terminating errors are collected with -ErrorVariable semantics (the block runs with
    ErrorActionPreference Continue, errors not shown); a terminating error ends the block and is returned last.
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param([Parameter(Mandatory)] [scriptblock] $ScriptBlock)
    $collected = [System.Collections.Generic.List[System.Management.Automation.ErrorRecord]]::new()
    try {
        $null = & {
            $ErrorActionPreference = 'Continue'
            & $ScriptBlock
        } 2>&1 | ForEach-Object {
            if ($_ -is [System.Management.Automation.ErrorRecord]) { $collected.Add($_) }
        }
    } catch {
        $collected.Add($_)
    }
    , $collected.ToArray()
}

function Assert-SrmError {
    <#
    .SYNOPSIS
    Asserts that an ErrorRecord has the given error id (the part before the comma) and category, and no stack trace
    in its message.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [AllowNull()] [System.Management.Automation.ErrorRecord] $ErrorRecord,
        [Parameter(Mandatory)] [string] $ErrorId,
        [Parameter(Mandatory)] [System.Management.Automation.ErrorCategory] $Category
    )
    if ($null -eq $ErrorRecord) { throw "Expected error '$ErrorId' but there was none." }
    $id = $ErrorRecord.FullyQualifiedErrorId.Split(',')[0]
    if ($id -ne $ErrorId) { throw "Expected error id '$ErrorId' but got '$($ErrorRecord.FullyQualifiedErrorId)': $ErrorRecord" }
    if ($ErrorRecord.CategoryInfo.Category -ne $Category) {
        throw "Expected category '$Category' but got '$($ErrorRecord.CategoryInfo.Category)' for '$ErrorId': $ErrorRecord"
    }
    if ("$ErrorRecord" -match '\bat [\w\.]+\(.*\) in |--- End of') { throw "The message carries a stack trace: $ErrorRecord" }
}

Export-ModuleMember -Function Get-ErrorRecord, Assert-SrmError
