-- wrk script: send the credentials the load test prepared (an API token or a session
-- cookie), given in the environment so that they never appear on a command line.
local authorization = os.getenv("KYOSO_AUTHORIZATION")
local cookie = os.getenv("KYOSO_COOKIE")
if authorization and authorization ~= "" then wrk.headers["Authorization"] = authorization end
if cookie and cookie ~= "" then wrk.headers["Cookie"] = cookie end
wrk.headers["Accept-Language"] = "ja"

