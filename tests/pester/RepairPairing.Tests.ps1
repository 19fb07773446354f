BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'SrmSpecAlternatives.psm1') -Force
    $alternatives = Get-SrmSpecAlternative
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'SrmTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SrmAssertions.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SrmSpecAlternatives.psm1') -Force
    Import-Module (Get-SrmModulePath) -Force
    $ProgressPreference = 'SilentlyContinue'
    $script:sim = Start-SrmSimulator -TaskDurationMs 300
    $script:cred = Get-SrmTestCredential
    $script:b = Get-SrmSimulatorSite vc-b
    $script:remoteCred = Get-SrmTestCredential $b.PscUsername $b.PscPassword
    $script:reconnect = 'POST /pairings/{pairing_id}/actions/reconnect'
}

AfterAll {
    Stop-SrmSimulator -Simulator $script:sim
}

Describe 'Under <Name>' -ForEach $alternatives {
    BeforeAll {
        Reset-SrmSimulatorForAlternative -Simulator $sim -Alternatives $Alternatives
        # No client-side limit: these tests send more than 50 requests a minute on one session.
        $script:conn = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint -MaxRequestsPerMinute 0
        New-SrmPairing -RemotePscUrl $b.PscUrl -RemoteVcGuid $b.VcGuid -RemoteCredential $remoteCred | Wait-SrmTask | Out-Null
        $script:pb = Get-SrmPairing -RemoteVcGuid $b.VcGuid
        $script:self = Get-SrmPairing -IncludeSelf | Where-Object IsSelf
    }

    AfterAll {
        Disconnect-SrmServer -ErrorAction SilentlyContinue
    }

    Describe 'Repair-SrmPairing' {
        It 'takes the spec parameters of New-SrmPairing, with the same aliases' {
            $repair = (Get-Command Repair-SrmPairing).Parameters
            $new = (Get-Command New-SrmPairing).Parameters
            foreach ($name in 'RemotePscUrl', 'RemotePscPort', 'RemotePscThumbprint', 'RemoteCredential', 'RemoteVcGuid', 'RemoteSrmUrl', 'RemoteSrmThumbprint') {
                $repair.ContainsKey($name) | Should -BeTrue -Because $name
                @($repair[$name].Aliases | Sort-Object) | Should -Be @($new[$name].Aliases | Sort-Object) -Because $name
            }
        }

        It 'declares each spec parameter as New-SrmPairing does: type, binding by property name, validation and completion' {
            $repair = (Get-Command Repair-SrmPairing).Parameters
            $new = (Get-Command New-SrmPairing).Parameters
            foreach ($name in 'RemotePscUrl', 'RemotePscPort', 'RemotePscThumbprint', 'RemoteCredential', 'RemoteVcGuid', 'RemoteSrmUrl', 'RemoteSrmThumbprint') {
                $repair[$name].ParameterType | Should -Be $new[$name].ParameterType -Because $name
                @($repair[$name].ParameterSets.Values.ValueFromPipelineByPropertyName | Sort-Object -Unique) |
                    Should -Be @($new[$name].ParameterSets.Values.ValueFromPipelineByPropertyName | Sort-Object -Unique) -Because $name
                # The C# compiler's own attributes (NullableAttribute) depend on the rest of each class, not on the declaration.
                $attributes = { param($p) @($p.Attributes | Where-Object { $_ -isnot [System.Management.Automation.ParameterAttribute] -and $_.GetType().Namespace -ne 'System.Runtime.CompilerServices' } | ForEach-Object { $_.GetType().Name } | Sort-Object) }
                & $attributes $repair[$name] | Should -Be (& $attributes $new[$name]) -Because $name
            }
        }

        It '-WhatIf sends nothing' {
            $before = Get-SrmSimulatorRequestCount -Simulator $sim
            $pb | Repair-SrmPairing -RemotePscUrl $b.PscUrl -RemoteCredential $remoteCred -WhatIf | Should -BeNullOrEmpty
            Get-SrmSimulatorRequestCount -Simulator $sim | Should -Be $before
        }

        It 'checks the spec like New-SrmPairing before sending anything' {
            $before = Get-SrmSimulatorRequestCount -Simulator $sim
            $e = (Get-ErrorRecord { $pb | Repair-SrmPairing -RemotePscUrl $b.PscUrl -RemoteCredential $remoteCred -RemoteSrmUrl $b.SrmUrl })[0]
            Assert-SrmError $e -ErrorId SrmInvalidPairingSpec -Category InvalidArgument
            "$e" | Should -BeLike '*pair_srm_thumbprint*'
            Get-SrmSimulatorRequestCount -Simulator $sim | Should -Be $before
        }

        It 'refuses <Name> with SrmInvalidPairingSpec naming <Parameter>, sending nothing' -ForEach @(
            @{ Name = 'a PSC thumbprint that is not hex'; Override = @{ RemotePscThumbprint = 'zz' }; Parameter = '-RemotePscThumbprint' }
            @{ Name = 'an SRM thumbprint that is not hex'; Override = @{ RemoteSrmUrl = 'srm-b.example.com'; RemoteSrmThumbprint = 'not-hex' }; Parameter = '-RemoteSrmThumbprint' }
            @{ Name = 'a PSC URL with CR/LF'; Override = @{ RemotePscUrl = "vc-b.example.com`r`nX-Injected: 1" }; Parameter = '-RemotePscUrl' }
            @{ Name = 'a PSC URL with a path and query'; Override = @{ RemotePscUrl = 'vc-b.example.com/ui?x=1' }; Parameter = '-RemotePscUrl' }
            @{ Name = 'a PSC URL with user:password@'; Override = @{ RemotePscUrl = 'administrator:Pw-In-Url-77@vc-b.example.com' }; Parameter = '-RemotePscUrl' }
            @{ Name = 'a vCenter GUID that is not a GUID'; Override = @{ RemoteVcGuid = 'vc-b' }; Parameter = '-RemoteVcGuid' }
            @{ Name = 'a port that is not a number'; Override = @{ RemotePscPort = 'abc' }; Parameter = '-RemotePscPort' }
        ) {
            $p = @{ RemotePscUrl = $b.PscUrl; RemoteCredential = $remoteCred }
            foreach ($k in $Override.Keys) { $p[$k] = $Override[$k] }
            $before = Get-SrmSimulatorRequestCount -Simulator $sim
            $err = Get-ErrorRecord { $pb | Repair-SrmPairing @p }
            @($err).Count | Should -Be 1
            Assert-SrmError $err[0] -ErrorId SrmInvalidPairingSpec -Category InvalidArgument
            "$err" | Should -BeLike "*$Parameter*"
            "$err" | Should -Not -BeLike '*Pw-In-Url-77*'
            Get-SrmSimulatorRequestCount -Simulator $sim | Should -Be $before
        }

        It 'refuses a CSV row whose port is not a number, naming the row' {
            $before = Get-SrmSimulatorRequestCount -Simulator $sim
            $row = [pscustomobject]@{ pairing_id = $pb.PairingId; url = $b.PscUrl; port = 'abc'; pair_vc_guid = $b.VcGuid }
            $err = Get-ErrorRecord { $row | Repair-SrmPairing -RemoteCredential $remoteCred }
            Assert-SrmError $err[-1] -ErrorId SrmInvalidPairingSpec -Category InvalidArgument
            "$($err[-1])" | Should -BeLike "Row 1 of the input:*-RemotePscPort (port)*'abc'*"
            Get-SrmSimulatorRequestCount -Simulator $sim | Should -Be $before
        }

        It 'refuses the site''s own vCenter GUID in braces as it does without them' {
            $before = Get-SrmSimulatorRequestCount -Simulator $sim
            $e = (Get-ErrorRecord { Repair-SrmPairing -PairingId $pb.PairingId -RemoteVcGuid ('{' + $conn.VcGuid.ToUpperInvariant() + '}') -RemotePscUrl $b.PscUrl -RemoteCredential $remoteCred })[0]
            Assert-SrmError $e -ErrorId SrmSelfPairing -Category InvalidOperation
            Get-SrmSimulatorRequestCount -Simulator $sim | Should -Be $before
        }

        It 'refuses the self entry without sending anything' {
            $before = Get-SrmSimulatorRequestCount -Simulator $sim
            $e = (Get-ErrorRecord { $self | Repair-SrmPairing -RemotePscUrl $b.PscUrl -RemoteCredential $remoteCred })[0]
            Assert-SrmError $e -ErrorId SrmSelfPairing -Category InvalidOperation
            Get-SrmSimulatorRequestCount -Simulator $sim | Should -Be $before
        }

        It 'writes SrmPairingNotFound for an unknown pairing id' {
            $e = (Get-ErrorRecord { Repair-SrmPairing -PairingId ([guid]::NewGuid()) -RemoteVcGuid $b.VcGuid -RemotePscUrl $b.PscUrl -RemoteCredential $remoteCred })[0]
            Assert-SrmError $e -ErrorId SrmPairingNotFound -Category ObjectNotFound
        }

        It 'reconnects a piped pairing, taking its remote vCenter GUID, and returns the task' {
            $before = Get-SrmSimulatorRequestCount -Simulator $sim -Endpoint $reconnect
            $task = Repair-SrmPairing -Pairing $pb -RemotePscUrl $b.PscUrl -RemoteCredential $remoteCred
            $task | Should -BeOfType 'Srm.Client.Models.SrmTask'
            ($task | Wait-SrmTask).Status | Should -Be 'SUCCESS'
            (Get-SrmSimulatorRequestCount -Simulator $sim -Endpoint $reconnect) - $before | Should -Be 1
        }

        It 'repairs a pairing after the remote certificates changed, given the new thumbprints' {
            $new = Invoke-SrmSimulatorControl -Simulator $sim -Path "sites/$($b.VcGuid)/rotate-certificates" -Method Post
            $stale = $pb | Repair-SrmPairing -RemotePscUrl $b.PscUrl -RemotePscThumbprint $b.PscThumbprint -RemoteCredential $remoteCred |
                Wait-SrmTask -ErrorVariable failed -ErrorAction SilentlyContinue
            $stale.Status | Should -Be 'ERROR'
            Assert-SrmError $failed[0] -ErrorId SrmTaskFailed -Category InvalidResult

            $fixed = $pb | Repair-SrmPairing -RemotePscUrl $b.PscUrl -RemotePscThumbprint $new.psc_thumbprint `
                -RemoteSrmUrl $b.SrmUrl -RemoteSrmThumbprint $new.srm_thumbprint -RemoteCredential $remoteCred | Wait-SrmTask
            $fixed.Status | Should -Be 'SUCCESS'
        }

        It 'binds CSV rows by the API names, pairing_id included' {
            $row = [pscustomobject]@{ pairing_id = $pb.PairingId; url = $b.PscUrl; port = '443'; thumbprint = ''; pair_vc_guid = $b.VcGuid; pair_srm_url = ''; pair_srm_thumbprint = '' }
            ($row | Repair-SrmPairing -RemoteCredential $remoteCred | Wait-SrmTask).Status | Should -Be 'SUCCESS'
        }
    }
}
