BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'SrmTestHelpers.psm1') -Force
    Import-Module (Get-SrmModulePath) -Force
    $ProgressPreference = 'SilentlyContinue'

    # Distinctive secrets, so that any trace of them in any stream or serialized object is found.
    $script:localPassword = 'L0cal-Secret-7f3a9!'
    $script:remotePassword = 'R3mote-Secret-2c8e?'
    $script:wrongPassword = 'Wr0ng-Secret-91d4#'
    $user = 'administrator@vsphere.local'
    $script:localCred = Get-SrmTestCredential $user $localPassword
    $script:remoteCred = Get-SrmTestCredential $user $remotePassword
    $script:wrongCred = Get-SrmTestCredential $user $wrongPassword

    $sites = Get-Content -Raw (Join-Path (Get-SrmRepoRoot) 'src' 'SrmPairing.Simulator' 'sites.example.json') | ConvertFrom-Json
    foreach ($s in $sites.remote_sites) { $s.psc_password = $remotePassword }
    $script:sitesFile = Join-Path $TestDrive 'sites.json'
    $sites | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $sitesFile
    $script:sim = Start-SrmSimulator -TaskDurationMs 300 -SitesFile $sitesFile -ExtraArgs '--password', $localPassword
    $script:b = Get-SrmSimulatorSite vc-b
    $script:c = Get-SrmSimulatorSite vc-c

    # Everything a user or a log could see: every stream, every object in every form, every error's parts.
    $script:captured = [System.Text.StringBuilder]::new()
    function script:Add-Captured {
        param([Parameter(ValueFromPipeline)] $Item)
        process {
            if ($null -eq $Item) { return }
            # Objects the module returns are serialized 10 levels deep; an ErrorRecord's own graph (invocation
            # info, reflection data) grows without bound, so it is serialized at PowerShell's default depth and
            # its parts (message, details, exception data, target object) are checked one by one below.
            $isRecord = $Item -is [System.Management.Automation.ErrorRecord] -or $Item -is [System.Management.Automation.InformationalRecord] -or
                $Item -is [System.Management.Automation.InformationRecord]
            $depth = if ($isRecord) { 2 } else { 10 }
            $clixml = Join-Path $TestDrive ('item-{0}.xml' -f [guid]::NewGuid())
            $Item | Export-Clixml -LiteralPath $clixml -Depth $depth
            $null = $captured.AppendLine((Get-Content -Raw -LiteralPath $clixml))
            $null = $captured.AppendLine(($Item | ConvertTo-Json -Depth $depth -WarningAction SilentlyContinue))
            $null = $captured.AppendLine(($Item | Format-List * -Force | Out-String -Width 500))
            $null = $captured.AppendLine(($Item | Format-Table * -Force | Out-String -Width 500))
            $null = $captured.AppendLine("$Item")
            if ($Item -is [System.Management.Automation.ErrorRecord]) {
                $null = $captured.AppendLine($Item.Exception.ToString())
                $null = $captured.AppendLine("$($Item.ErrorDetails)")
                foreach ($key in $Item.Exception.Data.Keys) { $null = $captured.AppendLine("$key=$($Item.Exception.Data[$key])") }
                if ($null -ne $Item.TargetObject) {
                    $null = $captured.AppendLine(($Item.TargetObject | ConvertTo-Json -Depth 10 -WarningAction SilentlyContinue))
                    $target = Join-Path $TestDrive ('target-{0}.xml' -f [guid]::NewGuid())
                    $Item.TargetObject | Export-Clixml -LiteralPath $target -Depth 10
                    $null = $captured.AppendLine((Get-Content -Raw -LiteralPath $target))
                }
            }
            if ($Item -is [System.Management.Automation.InformationalRecord]) { $null = $captured.AppendLine($Item.Message) }
        }
    }

    # Runs a block with every stream on and merged into the output, and captures all of it.
    function script:Invoke-Captured([scriptblock] $Block) {
        $VerbosePreference = 'Continue'
        $DebugPreference = 'Continue'
        $InformationPreference = 'Continue'
        $WarningPreference = 'Continue'
        $ErrorActionPreference = 'Continue'
        # A terminating error (Connect-SrmServer's, say) ends the block; it is captured like the rest.
        $result = [System.Collections.Generic.List[object]]::new()
        try {
            & $Block *>&1 | ForEach-Object { $result.Add($_) }
        } catch {
            $result.Add($_)
        }
        $result | Add-Captured
        $result
    }

    # Every form of the secrets that must never be seen: the passwords, their Basic header values, and every
    # session id the simulator has issued so far.
    function script:Get-SrmSecret {
        $secrets = [System.Collections.Generic.List[string]]::new()
        foreach ($p in $localPassword, $remotePassword, $wrongPassword) {
            $secrets.Add($p)
            $secrets.Add([Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("administrator@vsphere.local:$p")))
        }
        @((Invoke-SrmSimulatorControl -Simulator $sim -Path sessions).issued) | ForEach-Object { $secrets.Add($_) }
        , $secrets
    }

    # The failure message names the secret by its number only, so that the test's own output holds none.
    function script:Assert-NoSecret([string] $Text, [string] $Where) {
        $secrets = Get-SrmSecret
        for ($i = 0; $i -lt $secrets.Count; $i++) {
            $Text.Contains($secrets[$i]) | Should -BeFalse -Because "secret #$i must not appear in $Where"
        }
    }
}

AfterAll {
    Stop-SrmSimulator -Simulator $script:sim
}

Describe 'No secret in any output' {
    It 'runs every cmdlet, on success and failure paths, with every stream captured' {
        Invoke-Captured { Connect-SrmServer -Server $sim.Server -Credential $wrongCred -CertificateThumbprint $sim.Thumbprint -Verbose -Debug }
        Invoke-Captured { Connect-SrmServer -Server $sim.Server -Credential $localCred -Verbose -Debug }
        $script:conn = (Invoke-Captured { Connect-SrmServer -Server $sim.Server -Credential $localCred -CertificateThumbprint $sim.Thumbprint -Verbose -Debug }) |
            Where-Object { $_ -is [Srm.Client.Models.SrmConnection] }
        $conn | Should -Not -BeNullOrEmpty

        $tasks = Invoke-Captured {
            New-SrmPairing -RemotePscUrl $b.PscUrl -RemoteVcGuid $b.VcGuid -RemoteCredential $remoteCred -Verbose -Debug
            New-SrmPairing -RemotePscUrl $c.PscUrl -RemoteVcGuid $c.VcGuid -RemoteCredential $wrongCred -Verbose -Debug
            New-SrmPairing -RemotePscUrl $c.PscUrl -RemoteVcGuid $c.VcGuid -RemoteCredential $remoteCred -RemoteSrmUrl x -Verbose -Debug
            New-SrmPairing -RemotePscUrl $c.PscUrl -RemoteVcGuid $c.VcGuid -RemoteCredential $remoteCred -WhatIf -Verbose -Debug
        } | Where-Object { $_ -is [Srm.Client.Models.SrmTask] }
        @($tasks).Count | Should -Be 2

        Invoke-Captured { $tasks | Wait-SrmTask -Verbose -Debug }
        Invoke-Captured { Get-SrmTask -Verbose -Debug; Get-SrmTask -Id no-such-task -Verbose -Debug }
        Invoke-Captured { Get-SrmPairing -IncludeSelf -Verbose -Debug }
        Invoke-Captured { New-SrmPairing -RemotePscUrl $b.PscUrl -RemoteVcGuid $b.VcGuid -RemoteCredential $remoteCred -Verbose -Debug }

        # Remote logins, remove and repair: success and failure paths, and Connect-SrmServer -RemoteCredential.
        $pairing = Get-SrmPairing -RemoteVcGuid $b.VcGuid
        Invoke-Captured {
            $pairing | Connect-SrmRemoteSite -Credential $wrongCred -Verbose -Debug
            $pairing | Remove-SrmPairing -Confirm:$false -Verbose -Debug
            $pairing | Remove-SrmPairing -RemoteCredential $wrongCred -Force -Verbose -Debug
            $pairing | Remove-SrmPairing -RemoteCredential $remoteCred -WhatIf -Verbose -Debug
            $pairing | Connect-SrmRemoteSite -Credential $remoteCred -Verbose -Debug
            Get-SrmPairing -PairingId $pairing.PairingId, ([guid]::NewGuid()) -Verbose -Debug
            $pairing | Repair-SrmPairing -RemotePscUrl $b.PscUrl -RemoteCredential $remoteCred -Verbose -Debug | Wait-SrmTask -Verbose -Debug
            $pairing | Repair-SrmPairing -RemotePscUrl $b.PscUrl -RemoteCredential $wrongCred -Verbose -Debug | Wait-SrmTask -Verbose -Debug
            Repair-SrmPairing -PairingId ([guid]::NewGuid()) -RemoteVcGuid $b.VcGuid -RemotePscUrl $b.PscUrl -RemoteCredential $remoteCred -Verbose -Debug
            $x = Connect-SrmServer -Server $sim.Server -Credential $localCred -CertificateThumbprint $sim.Thumbprint -NotDefault -RemoteCredential $wrongCred -Verbose -Debug
            Disconnect-SrmServer -Connection $x
            $pairing | Remove-SrmPairing -Confirm:$false -Verbose -Debug | Wait-SrmTask -Verbose -Debug
            New-SrmPairing -RemotePscUrl $b.PscUrl -RemoteVcGuid $b.VcGuid -RemoteCredential $remoteCred -Verbose -Debug | Wait-SrmTask -Verbose -Debug
        }

        # Pairing-input discovery: certificates, the preflight (checks and -Quiet), -RemoteConnection's failure path.
        Invoke-Captured {
            Get-SrmCertificateThumbprint -Server $sim.Server -Verbose -Debug
            Get-SrmCertificateThumbprint -Server 'no-such-host.invalid' -TimeoutSec 5 -Verbose -Debug
            Test-SrmPairing -RemotePscUrl $b.PscUrl -RemoteVcGuid $b.VcGuid -RemoteCredential $remoteCred -Verbose -Debug
            Test-SrmPairing -RemotePscUrl $sim.Server -RemoteVcGuid $conn.VcGuid -RemoteCredential $wrongCred -Quiet -Verbose -Debug
            Test-SrmPairing -RemoteConnection $conn -RemoteCredential $remoteCred -Verbose -Debug
            New-SrmPairing -RemoteConnection $conn -RemoteCredential $remoteCred -Verbose -Debug
        }

        # An expired session is renewed with the kept credential: that path must not leak either.
        Invoke-SrmSimulatorControl -Simulator $sim -Path reset -Method Post | Out-Null
        Invoke-Captured { Get-SrmTask -Verbose -Debug }
        Invoke-Captured { Disconnect-SrmServer -Verbose -Debug; Disconnect-SrmServer -Verbose -Debug; Get-SrmTask -Connection $conn }
    }

    It 'finds none of the passwords, Basic header values or session ids in what was captured' {
        $text = $captured.ToString()
        $text.Length | Should -BeGreaterThan 10000 -Because 'the capture must hold the outputs it searches'
        $text | Should -BeLike '*SrmTaskFailed*' -Because 'the failure paths ran'

        $secrets = [System.Collections.Generic.List[string]]::new()
        foreach ($p in $localPassword, $remotePassword, $wrongPassword) {
            $secrets.Add($p)
            $secrets.Add([Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("administrator@vsphere.local:$p")))
        }
        $sessions = @((Invoke-SrmSimulatorControl -Simulator $sim -Path sessions).issued)
        $sessions.Count | Should -Be 3 -Because 'the module logged in once, once more with -RemoteCredential, then again after the reset'
        $sessions | ForEach-Object { $secrets.Add($_) }

        # The failure message names the secret by its number only, so that the test's own output holds none.
        for ($i = 0; $i -lt $secrets.Count; $i++) {
            $text.Contains($secrets[$i]) | Should -BeFalse -Because "secret #$i (see the list above) must not appear anywhere"
        }
    }
}

Describe 'No secret in a transcript, a script trace or $Error' {
    BeforeAll {
        # A user's session in a pwsh of its own, whose host output is all there: the transcript it records, what
        # Set-PSDebug -Trace 2 writes to the host, and every part of every error left in $Error.
        $script:childScript = Join-Path $TestDrive 'session.ps1'
        Set-Content -LiteralPath $childScript -Value @'
param($ModulePath, $Server, $Thumbprint, $PscUrl, $VcGuid, $TranscriptPath, $ErrorPath)
$ErrorActionPreference = 'Continue'
$ProgressPreference = 'SilentlyContinue'
$PSStyle.OutputRendering = 'PlainText'
Import-Module $ModulePath

# The credentials are made before tracing starts, straight from the environment: no plain password is ever in a
# variable of this script, so whatever the trace shows of it comes from the module.
$local = [pscredential]::new('administrator@vsphere.local', (ConvertTo-SecureString $env:SRM_SECRETS_LOCAL -AsPlainText -Force))
$remote = [pscredential]::new('administrator@vsphere.local', (ConvertTo-SecureString $env:SRM_SECRETS_REMOTE -AsPlainText -Force))
$wrong = [pscredential]::new('administrator@vsphere.local', (ConvertTo-SecureString $env:SRM_SECRETS_WRONG -AsPlainText -Force))
Remove-Item Env:SRM_SECRETS_LOCAL, Env:SRM_SECRETS_REMOTE, Env:SRM_SECRETS_WRONG
$Error.Clear()

Start-Transcript -LiteralPath $TranscriptPath | Out-Null
Set-PSDebug -Trace 2
Connect-SrmServer -Server $Server -Credential $wrong -CertificateThumbprint $Thumbprint -Verbose -Debug
Connect-SrmServer -Server $Server -Credential $local -Verbose -Debug
Connect-SrmServer -Server 127.0.0.1:1 -Credential $local -SkipCertificateCheck -MaximumRetryCount 0 -TimeoutSec 5 -Verbose
$conn = Connect-SrmServer -Server $Server -Credential $local -CertificateThumbprint $Thumbprint -Verbose -Debug
$conn | Format-List * -Force
Connect-SrmServer -Server $Server -Credential $local -CertificateThumbprint $Thumbprint -NotDefault -RemoteCredential $wrong -Verbose -Debug
New-SrmPairing -RemotePscUrl $PscUrl -RemoteVcGuid $VcGuid -RemoteCredential $wrong -Verbose -Debug | Wait-SrmTask -Verbose -Debug
New-SrmPairing -RemotePscUrl $PscUrl -RemoteVcGuid $VcGuid -RemoteCredential $remote -Verbose -Debug | Wait-SrmTask -Verbose -Debug
Get-SrmPairing -IncludeSelf -Verbose -Debug
$pairing = Get-SrmPairing -RemoteVcGuid $VcGuid
$pairing | Connect-SrmRemoteSite -Credential $wrong -Verbose -Debug
$pairing | Remove-SrmPairing -RemoteCredential $wrong -Force -Verbose -Debug
$pairing | Repair-SrmPairing -RemotePscUrl $PscUrl -RemoteCredential $wrong -Verbose -Debug | Wait-SrmTask -Verbose -Debug
Test-SrmPairing -RemotePscUrl $PscUrl -RemoteVcGuid $VcGuid -RemoteCredential $wrong -Verbose -Debug
Get-SrmTask -Verbose -Debug | Format-List * -Force
Get-SrmTask -Id no-such-task -Verbose -Debug
Disconnect-SrmServer -Verbose -Debug
Get-SrmTask -Connection $conn -Verbose -Debug
Set-PSDebug -Off
Stop-Transcript | Out-Null

# Every part of every error the session collected: the records, their exceptions and inner exceptions (each as
# ToString and as Format-List * -Force), their target objects, and the records serialized.
function Write-Exception($Exception) {
    if ($null -eq $Exception) { return }
    $Exception.ToString()
    $Exception | Format-List * -Force | Out-String -Width 500
    foreach ($key in $Exception.Data.Keys) { "$key=$($Exception.Data[$key])" }
    if ($Exception -is [System.AggregateException]) {
        foreach ($inner in $Exception.InnerExceptions) { Write-Exception $inner }
    } else {
        Write-Exception $Exception.InnerException
    }
}
& {
    "ERRORS $($Error.Count)"
    foreach ($record in @($Error)) {
        "$record"
        $record | Format-List * -Force | Out-String -Width 500
        $record | ConvertTo-Json -Depth 2 -WarningAction SilentlyContinue
        $clixml = [System.IO.Path]::GetTempFileName()
        $record | Export-Clixml -LiteralPath $clixml -Depth 2
        Get-Content -Raw -LiteralPath $clixml
        Remove-Item -LiteralPath $clixml
        if ($record -is [System.Management.Automation.ErrorRecord]) {
            "$($record.ErrorDetails)"
            Write-Exception $record.Exception
            if ($null -ne $record.TargetObject) {
                $record.TargetObject | Format-List * -Force | Out-String -Width 500
                $record.TargetObject | ConvertTo-Json -Depth 5 -WarningAction SilentlyContinue
            }
        } else {
            Write-Exception $record
        }
    }
} | Out-File -LiteralPath $ErrorPath -Width 500
'@
    }

    It 'finds none of the passwords, Basic header values or session ids in any of them' {
        $transcript = Join-Path $TestDrive 'transcript.txt'
        $errors = Join-Path $TestDrive 'errors.txt'
        $pwsh = Get-SrmPwshCommand
        $env:SRM_SECRETS_LOCAL = $localPassword
        $env:SRM_SECRETS_REMOTE = $remotePassword
        $env:SRM_SECRETS_WRONG = $wrongPassword
        try {
            $hostOutput = & $pwsh.FilePath @($pwsh.Arguments) -NoProfile -NonInteractive -File $childScript -ModulePath (Get-SrmModulePath) `
                -Server $sim.Server -Thumbprint $sim.Thumbprint -PscUrl $b.PscUrl -VcGuid $b.VcGuid -TranscriptPath $transcript -ErrorPath $errors 2>&1 |
                ForEach-Object { "$_" } | Out-String
        } finally {
            Remove-Item Env:SRM_SECRETS_LOCAL, Env:SRM_SECRETS_REMOTE, Env:SRM_SECRETS_WRONG -ErrorAction SilentlyContinue
        }

        # What each must hold, so that a search of it means something. (Checked as booleans: a failure message must
        # not quote the text, which may hold a secret.)
        $transcriptText = Get-Content -Raw -LiteralPath $transcript
        $errorText = Get-Content -Raw -LiteralPath $errors
        $hostOutput -match '\+ +>>>> Connect-SrmServer' | Should -BeTrue -Because 'the host shows the script trace'
        $hostOutput -match '! SET \$' | Should -BeTrue -Because 'the trace shows variable assignments'
        $hostOutput.Contains('VERBOSE: Connecting to') | Should -BeTrue -Because 'the host shows the verbose stream'
        $transcriptText.Contains('VERBOSE: Connecting to') | Should -BeTrue -Because 'the transcript records the verbose stream'
        $transcriptText.Contains('Connect-SrmServer: ') | Should -BeTrue -Because 'the transcript records the errors'
        $transcriptText.Contains('Wait-SrmTask: ') | Should -BeTrue -Because 'the transcript records the failed tasks'
        $errorText -match 'ERRORS ([1-9]\d|[5-9])\b' | Should -BeTrue -Because 'the failure paths left errors in $Error'
        foreach ($id in 'SrmAuthenticationFailed', 'SrmCertificateNotTrusted', 'SrmConnectionFailed', 'SrmTaskFailed', 'SrmConnectionClosed') {
            $errorText.Contains($id) | Should -BeTrue -Because "`$Error holds an $id error"
        }
        $errorText.Contains('InnerException') | Should -BeTrue -Because "the errors' exceptions were written out"

        Assert-NoSecret $hostOutput 'the host output (script trace, verbose, debug, errors)'
        Assert-NoSecret $transcriptText 'the transcript'
        Assert-NoSecret $errorText '$Error'
    }
}
