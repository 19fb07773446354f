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
}

AfterAll {
    Stop-SrmSimulator -Simulator $script:sim
}

Describe 'No secret in any output' {
    It 'runs every cmdlet, on success and failure paths, with every stream captured' {
        Invoke-Captured { Connect-SrmServer -Server $sim.Server -Credential $wrongCred -CertificateThumbprint $sim.Thumbprint -Verbose -Debug }
        Invoke-Captured { Connect-SrmServer -Server $sim.Server -Credential $localCred -Verbose -Debug }
        $script:conn = (Invoke-Captured { Connect-SrmServer -Server $sim.Server -Credential $localCred -CertificateThumbprint $sim.Thumbprint -Verbose -Debug }) |
            Where-Object { $_ -is [SrmPairing.Models.SrmConnection] }
        $conn | Should -Not -BeNullOrEmpty

        $tasks = Invoke-Captured {
            New-SrmPairing -RemotePscUrl $b.PscUrl -RemoteVcGuid $b.VcGuid -RemoteCredential $remoteCred -Verbose -Debug
            New-SrmPairing -RemotePscUrl $c.PscUrl -RemoteVcGuid $c.VcGuid -RemoteCredential $wrongCred -Verbose -Debug
            New-SrmPairing -RemotePscUrl $c.PscUrl -RemoteVcGuid $c.VcGuid -RemoteCredential $remoteCred -RemoteSrmUrl x -Verbose -Debug
            New-SrmPairing -RemotePscUrl $c.PscUrl -RemoteVcGuid $c.VcGuid -RemoteCredential $remoteCred -WhatIf -Verbose -Debug
        } | Where-Object { $_ -is [SrmPairing.Models.SrmTask] }
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
