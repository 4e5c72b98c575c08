-- wrk script: send the credentials the load test prepared (an API token or a session
-- cookie), given in the environment so that they never appear on a command line.
local authorization = os.getenv("KYOSO_AUTHORIZATION")
local cookie = os.getenv("KYOSO_COOKIE")
local etag = os.getenv("KYOSO_IF_NONE_MATCH")
if authorization and authorization ~= "" then wrk.headers["Authorization"] = authorization end
if cookie and cookie ~= "" then wrk.headers["Cookie"] = cookie end
if etag and etag ~= "" then wrk.headers["If-None-Match"] = etag end
wrk.headers["Accept-Language"] = "ja"

