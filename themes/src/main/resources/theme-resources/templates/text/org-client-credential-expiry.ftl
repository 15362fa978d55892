<#ftl output_format="plainText">
<#if expired>
${msg("orgClientCredentialExpiredBody", credentialName, organization, expiresAt, realmName)}
<#else>
${msg("orgClientCredentialExpiringBody", credentialName, organization, expiresAt, realmName)}
</#if>

${msg("orgClientCredentialNoticeClientId", clientId)}

${msg("orgClientCredentialNoticeAction")}
