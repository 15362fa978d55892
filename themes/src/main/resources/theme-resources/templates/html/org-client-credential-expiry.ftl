<#-- Keycloak renders e-mail templates with HTML auto-escaping: the credential's name cannot inject markup. -->
<html>
<body>
<#if expired>
<p>${msg("orgClientCredentialExpiredBody", credentialName, organization, expiresAt, realmName)}</p>
<#else>
<p>${msg("orgClientCredentialExpiringBody", credentialName, organization, expiresAt, realmName)}</p>
</#if>
<p>${msg("orgClientCredentialNoticeClientId", clientId)}</p>
<p>${msg("orgClientCredentialNoticeAction")}</p>
</body>
</html>
