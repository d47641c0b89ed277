-- 0064_option_labels.sql: the demo catalogue's option values get their
-- zh-CN and en labels (issue #25, "labels in the reader's language"; see
-- fcgi-app/catalogue/catalogue_labels.c).  A database seeded before labels
-- holds the demo's enum options exactly as catalogue_seed.c wrote them
-- (and as an admin's unchanged save prints them: cJSON's compact form,
-- keys in the same order), so each known option object, matched as a
-- whole by its text (name, values and price deltas), is replaced by the
-- same object with a label on every value.  An option an admin changed
-- (another value, another delta) does not match and is left as it is:
-- its values show their codes until the admin labels them, which the
-- product form asks for on the next save.  Codes, deltas and prices do
-- not change; a second run matches nothing.
UPDATE products SET option_schema = REPLACE(option_schema,
	'{"name":"colour","type":"enum","required":true,"values":[{"value":"white","price_delta":0},{"value":"silver","price_delta":5000},{"value":"champagne","price_delta":15000}]}',
	'{"name":"colour","type":"enum","required":true,"values":[{"value":"white","price_delta":0,"labels":{"zh-CN":"白色","en":"White"}},{"value":"silver","price_delta":5000,"labels":{"zh-CN":"银色","en":"Silver"}},{"value":"champagne","price_delta":15000,"labels":{"zh-CN":"香槟金","en":"Champagne"}}]}')
	WHERE INSTR(option_schema, '{"name":"colour","type":"enum","required":true,"values":[{"value":"white","price_delta":0},{"value":"silver","price_delta":5000},{"value":"champagne","price_delta":15000}]}') > 0;
UPDATE products SET option_schema = REPLACE(option_schema,
	'{"name":"energy_class","type":"enum","required":true,"values":[{"value":"1","price_delta":20000},{"value":"2","price_delta":0},{"value":"3","price_delta":-10000}]}',
	'{"name":"energy_class","type":"enum","required":true,"values":[{"value":"1","price_delta":20000,"labels":{"zh-CN":"一级能效","en":"Energy class 1"}},{"value":"2","price_delta":0,"labels":{"zh-CN":"二级能效","en":"Energy class 2"}},{"value":"3","price_delta":-10000,"labels":{"zh-CN":"三级能效","en":"Energy class 3"}}]}')
	WHERE INSTR(option_schema, '{"name":"energy_class","type":"enum","required":true,"values":[{"value":"1","price_delta":20000},{"value":"2","price_delta":0},{"value":"3","price_delta":-10000}]}') > 0;
UPDATE products SET option_schema = REPLACE(option_schema,
	'{"name":"door_panel","type":"enum","values":[{"value":"steel","price_delta":0},{"value":"glass","price_delta":30000}]}',
	'{"name":"door_panel","type":"enum","values":[{"value":"steel","price_delta":0,"labels":{"zh-CN":"钢板","en":"Steel"}},{"value":"glass","price_delta":30000,"labels":{"zh-CN":"玻璃","en":"Glass"}}]}')
	WHERE INSTR(option_schema, '{"name":"door_panel","type":"enum","values":[{"value":"steel","price_delta":0},{"value":"glass","price_delta":30000}]}') > 0;
UPDATE products SET option_schema = REPLACE(option_schema,
	'{"name":"horsepower","type":"enum","required":true,"values":[{"value":"1","price_delta":0},{"value":"1.5","price_delta":40000},{"value":"2","price_delta":90000},{"value":"3","price_delta":200000}]}',
	'{"name":"horsepower","type":"enum","required":true,"values":[{"value":"1","price_delta":0,"labels":{"zh-CN":"1匹","en":"1 hp"}},{"value":"1.5","price_delta":40000,"labels":{"zh-CN":"1.5匹","en":"1.5 hp"}},{"value":"2","price_delta":90000,"labels":{"zh-CN":"2匹","en":"2 hp"}},{"value":"3","price_delta":200000,"labels":{"zh-CN":"3匹","en":"3 hp"}}]}')
	WHERE INSTR(option_schema, '{"name":"horsepower","type":"enum","required":true,"values":[{"value":"1","price_delta":0},{"value":"1.5","price_delta":40000},{"value":"2","price_delta":90000},{"value":"3","price_delta":200000}]}') > 0;
UPDATE products SET option_schema = REPLACE(option_schema,
	'{"name":"mounting","type":"enum","required":true,"values":[{"value":"wall","price_delta":0},{"value":"floor","price_delta":60000}]}',
	'{"name":"mounting","type":"enum","required":true,"values":[{"value":"wall","price_delta":0,"labels":{"zh-CN":"壁挂式","en":"Wall-mounted"}},{"value":"floor","price_delta":60000,"labels":{"zh-CN":"立柜式","en":"Floor-standing"}}]}')
	WHERE INSTR(option_schema, '{"name":"mounting","type":"enum","required":true,"values":[{"value":"wall","price_delta":0},{"value":"floor","price_delta":60000}]}') > 0;
UPDATE products SET option_schema = REPLACE(option_schema,
	'{"name":"energy_class","type":"enum","required":true,"values":[{"value":"1","price_delta":30000},{"value":"2","price_delta":0},{"value":"3","price_delta":-15000}]}',
	'{"name":"energy_class","type":"enum","required":true,"values":[{"value":"1","price_delta":30000,"labels":{"zh-CN":"一级能效","en":"Energy class 1"}},{"value":"2","price_delta":0,"labels":{"zh-CN":"二级能效","en":"Energy class 2"}},{"value":"3","price_delta":-15000,"labels":{"zh-CN":"三级能效","en":"Energy class 3"}}]}')
	WHERE INSTR(option_schema, '{"name":"energy_class","type":"enum","required":true,"values":[{"value":"1","price_delta":30000},{"value":"2","price_delta":0},{"value":"3","price_delta":-15000}]}') > 0;
UPDATE products SET option_schema = REPLACE(option_schema,
	'{"name":"voltage","type":"enum","values":[{"value":"220V","price_delta":0},{"value":"380V","price_delta":25000}]}',
	'{"name":"voltage","type":"enum","values":[{"value":"220V","price_delta":0,"labels":{"zh-CN":"220伏","en":"220 volts"}},{"value":"380V","price_delta":25000,"labels":{"zh-CN":"380伏","en":"380 volts"}}]}')
	WHERE INSTR(option_schema, '{"name":"voltage","type":"enum","values":[{"value":"220V","price_delta":0},{"value":"380V","price_delta":25000}]}') > 0;
UPDATE products SET option_schema = REPLACE(option_schema,
	'{"name":"loading","type":"enum","required":true,"values":[{"value":"front","price_delta":20000},{"value":"top","price_delta":0}]}',
	'{"name":"loading","type":"enum","required":true,"values":[{"value":"front","price_delta":20000,"labels":{"zh-CN":"滚筒（前开门）","en":"Front-loading"}},{"value":"top","price_delta":0,"labels":{"zh-CN":"波轮（顶开门）","en":"Top-loading"}}]}')
	WHERE INSTR(option_schema, '{"name":"loading","type":"enum","required":true,"values":[{"value":"front","price_delta":20000},{"value":"top","price_delta":0}]}') > 0;
UPDATE products SET option_schema = REPLACE(option_schema,
	'{"name":"colour","type":"enum","values":[{"value":"white","price_delta":0},{"value":"titanium","price_delta":8000}]}',
	'{"name":"colour","type":"enum","values":[{"value":"white","price_delta":0,"labels":{"zh-CN":"白色","en":"White"}},{"value":"titanium","price_delta":8000,"labels":{"zh-CN":"钛金灰","en":"Titanium grey"}}]}')
	WHERE INSTR(option_schema, '{"name":"colour","type":"enum","values":[{"value":"white","price_delta":0},{"value":"titanium","price_delta":8000}]}') > 0;
UPDATE products SET option_schema = REPLACE(option_schema,
	'{"name":"heating","type":"enum","required":true,"values":[{"value":"electric","price_delta":0},{"value":"gas","price_delta":50000}]}',
	'{"name":"heating","type":"enum","required":true,"values":[{"value":"electric","price_delta":0,"labels":{"zh-CN":"电加热","en":"Electric"}},{"value":"gas","price_delta":50000,"labels":{"zh-CN":"燃气","en":"Gas"}}]}')
	WHERE INSTR(option_schema, '{"name":"heating","type":"enum","required":true,"values":[{"value":"electric","price_delta":0},{"value":"gas","price_delta":50000}]}') > 0;
UPDATE products SET option_schema = REPLACE(option_schema,
	'{"name":"energy_class","type":"enum","required":true,"values":[{"value":"1","price_delta":15000},{"value":"2","price_delta":0},{"value":"3","price_delta":-5000}]}',
	'{"name":"energy_class","type":"enum","required":true,"values":[{"value":"1","price_delta":15000,"labels":{"zh-CN":"一级能效","en":"Energy class 1"}},{"value":"2","price_delta":0,"labels":{"zh-CN":"二级能效","en":"Energy class 2"}},{"value":"3","price_delta":-5000,"labels":{"zh-CN":"三级能效","en":"Energy class 3"}}]}')
	WHERE INSTR(option_schema, '{"name":"energy_class","type":"enum","required":true,"values":[{"value":"1","price_delta":15000},{"value":"2","price_delta":0},{"value":"3","price_delta":-5000}]}') > 0;
UPDATE products SET option_schema = REPLACE(option_schema,
	'{"name":"screen_in","type":"enum","required":true,"values":[{"value":"43","price_delta":0},{"value":"55","price_delta":120000},{"value":"65","price_delta":280000},{"value":"75","price_delta":500000}]}',
	'{"name":"screen_in","type":"enum","required":true,"values":[{"value":"43","price_delta":0,"labels":{"zh-CN":"43英寸","en":"43-inch"}},{"value":"55","price_delta":120000,"labels":{"zh-CN":"55英寸","en":"55-inch"}},{"value":"65","price_delta":280000,"labels":{"zh-CN":"65英寸","en":"65-inch"}},{"value":"75","price_delta":500000,"labels":{"zh-CN":"75英寸","en":"75-inch"}}]}')
	WHERE INSTR(option_schema, '{"name":"screen_in","type":"enum","required":true,"values":[{"value":"43","price_delta":0},{"value":"55","price_delta":120000},{"value":"65","price_delta":280000},{"value":"75","price_delta":500000}]}') > 0;
UPDATE products SET option_schema = REPLACE(option_schema,
	'{"name":"panel","type":"enum","required":true,"values":[{"value":"led","price_delta":0},{"value":"oled","price_delta":300000}]}',
	'{"name":"panel","type":"enum","required":true,"values":[{"value":"led","price_delta":0,"labels":{"zh-CN":"LED液晶","en":"LED LCD"}},{"value":"oled","price_delta":300000,"labels":{"zh-CN":"OLED自发光","en":"Self-lit OLED"}}]}')
	WHERE INSTR(option_schema, '{"name":"panel","type":"enum","required":true,"values":[{"value":"led","price_delta":0},{"value":"oled","price_delta":300000}]}') > 0;
