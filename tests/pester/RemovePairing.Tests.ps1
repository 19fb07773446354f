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
    $script:c = Get-SrmSimulatorSite vc-c
    $script:remoteCred = Get-SrmTestCredential $b.PscUsername $b.PscPassword
    $script:wrongCred = Get-SrmTestCredential $b.PscUsername 'not-the-password'
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

    Describe 'Remove-SrmPairing' {
        It 'has confirm impact High' {
            $cmd = Get-Command Remove-SrmPairing
            $attr = $cmd.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
            $attr.ConfirmImpact | Should -Be 'High'
            $attr.SupportsShouldProcess | Should -BeTrue
        }

        It '-WhatIf sends nothing, not even the remote login, also with -Force' {
            $before = Get-SrmSimulatorRequestCount -Simulator $sim
            $pb | Remove-SrmPairing -RemoteCredential $remoteCred -WhatIf | Should -BeNullOrEmpty
            $pb | Remove-SrmPairing -RemoteCredential $remoteCred -WhatIf -Force | Should -BeNullOrEmpty
            Remove-SrmPairing -PairingId $pb.PairingId -WhatIf -Force | Should -BeNullOrEmpty
            Get-SrmSimulatorRequestCount -Simulator $sim | Should -Be $before
        }

        It 'asks where nobody can answer by default and with -Force -Confirm, not with -Force or -Confirm:$false' {
            # A runspace without a host: a confirmation prompt there is an error (HostFunctionNotImplemented) instead
            # of a question. The pairing id is unknown, so a removal that goes ahead ends in SrmPairingNotFound.
            function Invoke-Unattended([hashtable] $Parameters) {
                $ps = [powershell]::Create()
                try {
                    $null = $ps.AddCommand('Import-Module').AddParameter('Name', (Get-SrmModulePath)).AddStatement()
                    $null = $ps.AddCommand('Remove-SrmPairing').AddParameters($Parameters)
                    $null = $ps.Invoke()
                    @($ps.Streams.Error | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] })
                } finally {
                    $ps.Dispose()
                }
            }

            $unknown = @{ PairingId = [guid]::NewGuid().ToString(); Connection = $conn }
            $reads = Get-SrmSimulatorRequestCount -Simulator $sim -Endpoint 'GET /pairings/{pairing_id}'
            Invoke-Unattended $unknown | Should -Be 'HostFunctionNotImplemented'
            Invoke-Unattended ($unknown + @{ Force = $true; Confirm = $true }) | Should -Be 'HostFunctionNotImplemented'
            Get-SrmSimulatorRequestCount -Simulator $sim -Endpoint 'GET /pairings/{pairing_id}' | Should -Be $reads
            Invoke-Unattended ($unknown + @{ Force = $true }) | Should -Be 'SrmPairingNotFound'
            Invoke-Unattended ($unknown + @{ Confirm = $false }) | Should -Be 'SrmPairingNotFound'
        }

        It '$WhatIfPreference wins over -Force and sends nothing; -WhatIf:$false wins over $WhatIfPreference' {
            $before = Get-SrmSimulatorRequestCount -Simulator $sim
            & { $WhatIfPreference = $true; $pb | Remove-SrmPairing -RemoteCredential $remoteCred -Force } | Should -BeNullOrEmpty
            Get-SrmSimulatorRequestCount -Simulator $sim | Should -Be $before
            $e = (Get-ErrorRecord { $WhatIfPreference = $true; Remove-SrmPairing -PairingId ([guid]::NewGuid()) -Force -WhatIf:$false })[0]
            Assert-SrmError $e -ErrorId SrmPairingNotFound -Category ObjectNotFound
        }

        It 'refuses the self entry without sending anything' {
            $before = Get-SrmSimulatorRequestCount -Simulator $sim
            $e = (Get-ErrorRecord { $self | Remove-SrmPairing -RemoteCredential $remoteCred -Confirm:$false })[0]
            Assert-SrmError $e -ErrorId SrmSelfPairing -Category InvalidOperation
            Get-SrmSimulatorRequestCount -Simulator $sim | Should -Be $before
        }

        It 'refuses the self entry given by id, without a remote login or DELETE' {
            $e = (Get-ErrorRecord { Remove-SrmPairing -PairingId $self.PairingId -RemoteCredential $remoteCred -Confirm:$false })[0]
            Assert-SrmError $e -ErrorId SrmSelfPairing -Category InvalidOperation
            Get-SrmSimulatorRequestCount -Simulator $sim -Endpoint 'POST /pairings/{pairing_id}/remote-session' | Should -Be 0
            Get-SrmSimulatorRequestCount -Simulator $sim -Endpoint 'DELETE /pairings/{pairing_id}' | Should -Be 0
        }

        It 'writes SrmPairingNotFound for an unknown pairing id' {
            $e = (Get-ErrorRecord { Remove-SrmPairing -PairingId ([guid]::NewGuid()) -Force })[0]
            Assert-SrmError $e -ErrorId SrmPairingNotFound -Category ObjectNotFound
        }

        It 'refuses the id <Id> with SrmInvalidId before sending anything, as Get-SrmTask does' -ForEach @(
            @{ Id = '..' }, @{ Id = '.' }
        ) {
            $before = Get-SrmSimulatorRequestCount -Simulator $sim
            $removeErr = Get-ErrorRecord { Remove-SrmPairing -PairingId $Id -Confirm:$false }
            $taskErr = Get-ErrorRecord { Get-SrmTask -Id $Id }
            Assert-SrmError $removeErr[-1] -ErrorId SrmInvalidId -Category InvalidArgument
            Assert-SrmError $taskErr[-1] -ErrorId SrmInvalidId -Category InvalidArgument
            "$($removeErr[-1])" | Should -BeLike "*'$Id'*"
            Get-SrmSimulatorRequestCount -Simulator $sim | Should -Be $before
        }

        It 'without a remote login says so, names -RemoteCredential and sends no DELETE, without logging in locally again' {
            $logins = Get-SrmSimulatorRequestCount -Simulator $sim -Endpoint 'POST /session'
            $e = (Get-ErrorRecord { $pb | Remove-SrmPairing -Confirm:$false })[0]
            Get-SrmSimulatorRequestCount -Simulator $sim -Endpoint 'POST /session' | Should -Be $logins
            Assert-SrmError $e -ErrorId SrmRemoteSiteNotLoggedIn -Category AuthenticationError
            "$e" | Should -BeLike '*not logged in*-RemoteCredential*'
            Get-SrmSimulatorRequestCount -Simulator $sim -Endpoint 'DELETE /pairings/{pairing_id}' | Should -Be 0
        }

        It 'recommends -RemoteCredential or Connect-SrmRemoteSite when the remote login is missing, the message kept' {
            $e = (Get-ErrorRecord { $pb | Remove-SrmPairing -Confirm:$false })[0]
            Assert-SrmError $e -ErrorId SrmRemoteSiteNotLoggedIn -Category AuthenticationError
            $e.ErrorDetails.RecommendedAction | Should -BeLike '*-RemoteCredential*Connect-SrmRemoteSite*'
            $e.ErrorDetails.Message | Should -BeNullOrEmpty
            "$e" | Should -BeLike 'The remote site of pairing*not logged in*'
        }

        It 'sends the DELETE when the remote login state cannot be read, and the server''s refusal speaks' {
            Invoke-SrmSimulatorControl -Simulator $sim -Path faults -Method Post -Body @{ kind = 'status'; status = 500; endpoint = 'GET /pairings/{pairing_id}/remote-session'; count = 1 } | Out-Null
            $e = (Get-ErrorRecord { $pb | Remove-SrmPairing -Confirm:$false })[0]
            Assert-SrmError $e -ErrorId SrmRemoteSiteNotLoggedIn -Category AuthenticationError
            "$e" | Should -BeLike '*not logged in*-RemoteCredential*'
            Get-SrmSimulatorRequestCount -Simulator $sim -Endpoint 'DELETE /pairings/{pairing_id}' | Should -Be 1
            Get-SrmPairing -RemoteVcGuid $b.VcGuid | Should -Not -BeNullOrEmpty
        }

        It 'with wrong remote credentials writes SrmRemoteLoginFailed and sends no DELETE' {
            $logins = Get-SrmSimulatorRequestCount -Simulator $sim -Endpoint 'POST /session'
            $deletes = Get-SrmSimulatorRequestCount -Simulator $sim -Endpoint 'DELETE /pairings/{pairing_id}'
            $e = (Get-ErrorRecord { $pb | Remove-SrmPairing -RemoteCredential $wrongCred -Force })[0]
            Assert-SrmError $e -ErrorId SrmRemoteLoginFailed -Category AuthenticationError
            Get-SrmSimulatorRequestCount -Simulator $sim -Endpoint 'DELETE /pairings/{pairing_id}' | Should -Be $deletes
            Get-SrmSimulatorRequestCount -Simulator $sim -Endpoint 'POST /session' | Should -Be $logins
        }

        It 'with -RemoteCredential logs in, removes the pairing and returns the task' {
            $task = $pb | Remove-SrmPairing -RemoteCredential $remoteCred -Force
            $task | Should -BeOfType 'Srm.Client.Models.SrmTask'
            $task.Connection | Should -Be $conn
            ($task | Wait-SrmTask).Status | Should -Be 'SUCCESS'
            Get-SrmPairing -RemoteVcGuid $b.VcGuid | Should -BeNullOrEmpty
        }
    }

    Describe 'The pairing round trip' {
        It 'pairs, logs in remotely, repairs and removes the pairing' {
            $done = New-SrmPairing -RemotePscUrl $c.PscUrl -RemoteVcGuid $c.VcGuid -RemoteCredential $remoteCred | Wait-SrmTask
            $done.Status | Should -Be 'SUCCESS'
            $p = Get-SrmPairing -RemoteVcGuid $c.VcGuid | Connect-SrmRemoteSite -Credential $remoteCred
            $p.IsRemoteLoggedIn | Should -BeTrue
            ($p | Repair-SrmPairing -RemotePscUrl $c.PscUrl -RemoteCredential $remoteCred | Wait-SrmTask).Status | Should -Be 'SUCCESS'
            ($p | Remove-SrmPairing -Confirm:$false | Wait-SrmTask).Status | Should -Be 'SUCCESS'
            Get-SrmPairing | Should -BeNullOrEmpty
            Assert-SrmError (Get-ErrorRecord { Get-SrmPairing -PairingId $p.PairingId })[0] -ErrorId SrmPairingNotFound -Category ObjectNotFound
        }
    }
}
